-- Student records and their registration (SPEC §2, §4; R-REG-1..8, R-NO-2).
-- The text columns between the markers follow domain::StudentFields() and
-- domain::GuardianFields() one to one, in that order.
-- registration: pending_school → pending_authority → active; returned (with
-- a reason, back to the registrar) or problem (a 问题学籍, R-REG-8).
-- status: the 学籍状态 once active ('enrolled' = 在籍在读).

CREATE TABLE student (
  id                 {{ID_PK}},
  student_number     TEXT{{C}} UNIQUE,
  registration       TEXT NOT NULL,
  status             TEXT NOT NULL,
  school_code        TEXT NOT NULL REFERENCES school(code),
  class_id           BIGINT NOT NULL REFERENCES school_class(id),
  id_number_norm     TEXT{{C}},
  name_simplified    TEXT NOT NULL,
  name_pinyin        TEXT NOT NULL,
  -- fields (domain::StudentFields)
  name               TEXT NOT NULL DEFAULT '',
  former_name        TEXT NOT NULL DEFAULT '',
  sex                TEXT NOT NULL DEFAULT '',
  birth_date         TEXT NOT NULL DEFAULT '',
  birthplace         TEXT NOT NULL DEFAULT '',
  native_place       TEXT NOT NULL DEFAULT '',
  ethnicity          TEXT NOT NULL DEFAULT '',
  nationality        TEXT NOT NULL DEFAULT '',
  id_type            TEXT NOT NULL DEFAULT '',
  id_number          TEXT NOT NULL DEFAULT '',
  hmt                TEXT NOT NULL DEFAULT '',
  political          TEXT NOT NULL DEFAULT '',
  health             TEXT NOT NULL DEFAULT '',
  hukou_division     TEXT NOT NULL DEFAULT '',
  hukou_type         TEXT NOT NULL DEFAULT '',
  specialty          TEXT NOT NULL DEFAULT '',
  school_student_no  TEXT NOT NULL DEFAULT '',
  grade_code         TEXT NOT NULL DEFAULT '',
  entry_month        TEXT NOT NULL DEFAULT '',
  enroll_method      TEXT NOT NULL DEFAULT '',
  attend_mode        TEXT NOT NULL DEFAULT '',
  source             TEXT NOT NULL DEFAULT '',
  address            TEXT NOT NULL DEFAULT '',
  mail_address       TEXT NOT NULL DEFAULT '',
  home_address       TEXT NOT NULL DEFAULT '',
  phone              TEXT NOT NULL DEFAULT '',
  postal_code        TEXT NOT NULL DEFAULT '',
  email              TEXT NOT NULL DEFAULT '',
  only_child         TEXT NOT NULL DEFAULT '',
  preschool          TEXT NOT NULL DEFAULT '',
  left_behind        TEXT NOT NULL DEFAULT '',
  migrant_child      TEXT NOT NULL DEFAULT '',
  orphan             TEXT NOT NULL DEFAULT '',
  martyr_child       TEXT NOT NULL DEFAULT '',
  inclusive_class    TEXT NOT NULL DEFAULT '',
  disability         TEXT NOT NULL DEFAULT '',
  govt_degree        TEXT NOT NULL DEFAULT '',
  needs_aid          TEXT NOT NULL DEFAULT '',
  one_subsidy        TEXT NOT NULL DEFAULT '',
  -- end of fields
  submitted_by       BIGINT NOT NULL REFERENCES app_user(id),
  submitted_at       BIGINT NOT NULL,
  school_decided_by  BIGINT REFERENCES app_user(id),
  authority_decided_by BIGINT REFERENCES app_user(id),
  activated_at       BIGINT,
  return_reason      TEXT NOT NULL DEFAULT '',
  updated_at         BIGINT NOT NULL
);
CREATE INDEX student_school ON student(school_code, registration, grade_code, class_id);
CREATE INDEX student_id_norm ON student(id_number_norm);
CREATE INDEX student_name_key ON student(name_simplified, birth_date, sex);

CREATE TABLE guardian (
  id                 {{ID_PK}},
  student_id         BIGINT NOT NULL REFERENCES student(id),
  seq                INTEGER NOT NULL,  -- order in the form
  id_number_norm     TEXT,
  -- fields (domain::GuardianFields)
  name               TEXT NOT NULL DEFAULT '',
  relation           TEXT NOT NULL DEFAULT '',
  relation_note      TEXT NOT NULL DEFAULT '',
  address            TEXT NOT NULL DEFAULT '',
  hukou_division     TEXT NOT NULL DEFAULT '',
  phone              TEXT NOT NULL DEFAULT '',
  is_guardian        TEXT NOT NULL DEFAULT '',
  id_type            TEXT NOT NULL DEFAULT '',
  id_number          TEXT NOT NULL DEFAULT '',
  ethnicity          TEXT NOT NULL DEFAULT '',
  employer           TEXT NOT NULL DEFAULT '',
  position           TEXT NOT NULL DEFAULT '',
  -- end of fields
  UNIQUE (student_id, seq)
);
CREATE INDEX guardian_id_norm ON guardian(id_number_norm);

-- National exact de-duplication (R-REG-3): at most one active record per
-- normalized ID number. Activation inserts here in the same transaction; the
-- primary key decides between concurrent activations on either backend.
CREATE TABLE national_id_index (
  id_number_norm TEXT{{C}} PRIMARY KEY,
  student_id     BIGINT NOT NULL REFERENCES student(id)
);

-- 问题学籍 (R-REG-8): kind invalid_id | duplicate_id | duplicate_no_id; the
-- other record (for duplicates) and the authority that arbitrates (R-REG-5).
CREATE TABLE problem_record (
  id               {{ID_PK}},
  kind             TEXT NOT NULL,
  student_id       BIGINT NOT NULL REFERENCES student(id),
  other_student_id BIGINT REFERENCES student(id),
  arbiter_org      TEXT NOT NULL REFERENCES org(code),
  state            TEXT NOT NULL,
  detail           TEXT NOT NULL DEFAULT '',
  resolution       TEXT NOT NULL DEFAULT '',
  resolved_by      BIGINT REFERENCES app_user(id),
  resolved_at      BIGINT,
  created_at       BIGINT NOT NULL
);
CREATE INDEX problem_record_student ON problem_record(student_id, state);
CREATE INDEX problem_record_arbiter ON problem_record(arbiter_org, state);

-- Every change of a record's fields, forever (R-CHG-1, R-CHG-4).
CREATE TABLE student_history (
  id         {{ID_PK}},
  student_id BIGINT NOT NULL REFERENCES student(id),
  field      TEXT NOT NULL,
  old_value  TEXT NOT NULL,
  new_value  TEXT NOT NULL,
  actor      TEXT NOT NULL,
  at         BIGINT NOT NULL,
  reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX student_history_student ON student_history(student_id, at);
