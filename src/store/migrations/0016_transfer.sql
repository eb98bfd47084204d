-- Transfers (转学, SPEC §7; domain/transfer.h,
-- service/transfers.h). One row per transfer; the approvals are the
-- workflow request's steps (workflow_request_id, NULL for a transfer
-- completed offline and entered later, R-TR-10).
-- kind: in_county | in_province | cross_province (R-TR-4).
-- state: open → approved (all parties agreed, R-TR-3) → moved (调档 done);
-- refused | cancelled (the request ended); rolled_back (R-TR-9).
-- from_status: the record's status before the move, restored by a rollback.
-- moved_on: the date the record moved (调档, or the real offline completion
-- date, R-TR-10), China Standard Time.
CREATE TABLE transfer (
  id                  {{ID_PK}},
  workflow_request_id BIGINT UNIQUE REFERENCES workflow_request(id),
  student_id          BIGINT NOT NULL REFERENCES student(id),
  kind                TEXT NOT NULL,
  progression         INTEGER NOT NULL DEFAULT 0,  -- 毕业后升学 (R-TR-8)
  from_school         TEXT NOT NULL REFERENCES school(code),
  from_class_id       BIGINT NOT NULL REFERENCES school_class(id),
  from_grade          TEXT NOT NULL,
  from_status         TEXT NOT NULL,
  to_school           TEXT NOT NULL REFERENCES school(code),
  to_class_id         BIGINT NOT NULL REFERENCES school_class(id),
  to_grade            TEXT NOT NULL,
  reason              TEXT NOT NULL,
  statement_proof_id  BIGINT,  -- the guardian's signed statement (R-TR-11), optional
  state               TEXT NOT NULL,
  offline             INTEGER NOT NULL DEFAULT 0,
  created_by          BIGINT NOT NULL REFERENCES app_user(id),
  created_at          BIGINT NOT NULL,
  moved_by            BIGINT REFERENCES app_user(id),
  moved_at            BIGINT,
  moved_on            TEXT,
  rolled_back_by      BIGINT REFERENCES app_user(id),
  rolled_back_at      BIGINT,
  rollback_reason     TEXT NOT NULL DEFAULT '',
  rollback_responsible TEXT NOT NULL DEFAULT ''  -- who made the wrong move (谁操作、谁负责)
);
CREATE INDEX transfer_student ON transfer(student_id, state);
CREATE INDEX transfer_to_school ON transfer(to_school, state, id);
CREATE INDEX transfer_from_school ON transfer(from_school, state, id);

-- R-TR-3, 第九条: the sending school's read-only backup of the e-archive,
-- taken at the move: the record (JSON of its fields, class and family
-- members) and its history rows (JSON array) as they stood.
CREATE TABLE transfer_archive_backup (
  transfer_id  BIGINT PRIMARY KEY REFERENCES transfer(id),
  school_code  TEXT NOT NULL REFERENCES school(code),
  record_json  TEXT NOT NULL,
  history_json TEXT NOT NULL,
  taken_at     BIGINT NOT NULL
);

-- R-TR-3, 第十五条: the paper archive the sending school ships; due is the
-- move's date plus the policy's archive_shipping_months. method: how
-- (邮寄, 专人送达, 家长携带 …); shipped_on NULL until recorded.
CREATE TABLE transfer_archive_shipping (
  transfer_id  BIGINT PRIMARY KEY REFERENCES transfer(id),
  from_school  TEXT NOT NULL REFERENCES school(code),
  authority    TEXT NOT NULL REFERENCES org(code),  -- the sending school's record authority
  due          TEXT NOT NULL,
  method       TEXT NOT NULL DEFAULT '',
  tracking_no  TEXT NOT NULL DEFAULT '',
  shipped_on   TEXT,
  shipped_by   BIGINT REFERENCES app_user(id),
  recorded_at  BIGINT
);
CREATE INDEX transfer_archive_shipping_due ON transfer_archive_shipping(authority, shipped_on, due);
