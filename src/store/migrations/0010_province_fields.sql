-- Province-defined 非基础信息 (R-SPEC-2025): each province's extra fields as
-- data, and each record's values for them. Fields are never deleted (old
-- records keep their values); a province retires one by making it optional.
CREATE TABLE province_field (
  province_code TEXT NOT NULL REFERENCES org(code),
  name          TEXT NOT NULL,
  label         TEXT NOT NULL,
  kind          TEXT NOT NULL,   -- text | code | date | yes_no
  code_table    TEXT NOT NULL DEFAULT '',
  required      INTEGER NOT NULL DEFAULT 0,
  max_length    INTEGER NOT NULL DEFAULT 50,
  seq           INTEGER NOT NULL DEFAULT 0,
  updated_at    BIGINT NOT NULL,
  PRIMARY KEY (province_code, name)
);

CREATE TABLE student_extra (
  student_id BIGINT NOT NULL REFERENCES student(id),
  name       TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (student_id, name)
);
