-- Status changes (学籍异动 other than transfers, R-ST-1, R-ST-2, R-ST-3, R-ST-4, R-ST-5, R-ST-6, R-ST-7;
-- domain/status_change.h). Each is a workflow request of type
-- 'status_change' (0012_workflow.sql: its state, steps and decisions); this
-- row holds what the request asks for. type: suspend | resume | abroad |
-- back_from_abroad | drop_out | withdraw | expel | death; from_status and
-- to_status are 学籍状态 codes (domain/student_status.h); effective_date is
-- the date of death for 'death'; until_date the last day of a 休学; grade_code
-- and class_id the place the school chose for a 复学 (or a return from abroad).
-- applied_at: when the last approval changed the record (R-ST-7).
CREATE TABLE status_change (
  request_id     BIGINT PRIMARY KEY REFERENCES workflow_request(id),
  student_id     BIGINT NOT NULL REFERENCES student(id),
  school_code    TEXT NOT NULL REFERENCES org(code),
  authority_code TEXT NOT NULL REFERENCES org(code),
  type           TEXT NOT NULL,
  from_status    TEXT NOT NULL,
  to_status      TEXT NOT NULL,
  reason         TEXT NOT NULL,
  effective_date TEXT NOT NULL,
  until_date     TEXT,
  grade_code     TEXT NOT NULL DEFAULT '',
  class_id       BIGINT REFERENCES school_class(id),
  applied_at     BIGINT
);
CREATE INDEX status_change_student ON status_change(student_id, request_id);
CREATE INDEX status_change_school ON status_change(school_code, request_id);

-- R-ST-1, R-ST-7: the proofs a status change carries; they stay with the
-- record's archive (proof_file).
CREATE TABLE status_change_proof (
  request_id BIGINT NOT NULL REFERENCES status_change(request_id),
  proof_id   BIGINT NOT NULL REFERENCES proof_file(id),
  PRIMARY KEY (request_id, proof_id)
);

-- 控辍保学 (R-ST-5, 第二十二条): one case per approved 辍学, open until
-- resolved. reported_on: the date the school's written reports (to the
-- township government, the county bureau and the record authority) bear;
-- *_recipient, *_report: those three written reports, who each goes to and
-- its text, fixed when the case opened.
-- archive_county: for a 随迁子女, the county of household registration the
-- archive goes to at semester end ('' otherwise). state: open | resolved;
-- resolution: returned (a 复学 was approved) | archive_transferred |
-- compulsory_ended | other.
CREATE TABLE dropout_case (
  id                {{ID_PK}},
  student_id        BIGINT NOT NULL REFERENCES student(id),
  status_change_id  BIGINT NOT NULL REFERENCES status_change(request_id),
  school_code       TEXT NOT NULL REFERENCES org(code),
  authority_code    TEXT NOT NULL REFERENCES org(code),
  dropped_on        TEXT NOT NULL,
  reported_on       TEXT NOT NULL,
  township_recipient  TEXT NOT NULL,
  township_report     TEXT NOT NULL,
  county_recipient    TEXT NOT NULL,
  county_report       TEXT NOT NULL,
  authority_recipient TEXT NOT NULL,
  authority_report    TEXT NOT NULL,
  migrant_child     INTEGER NOT NULL,
  archive_county    TEXT NOT NULL DEFAULT '',
  state             TEXT NOT NULL,
  resolution        TEXT NOT NULL DEFAULT '',
  resolution_reason TEXT NOT NULL DEFAULT '',
  resolved_on       TEXT,
  resolved_by       BIGINT REFERENCES app_user(id),
  resolved_request  BIGINT REFERENCES workflow_request(id),
  created_at        BIGINT NOT NULL
);
CREATE INDEX dropout_case_authority ON dropout_case(authority_code, state, id);
CREATE INDEX dropout_case_student ON dropout_case(student_id, state);
