-- Changing a student's information (R-CHG-1..4, R-ARC-2, R-ARC-3, R-POL-3).

-- R-CHG-2: the key-data request whose approval made a change (NULL for a
-- direct edit by the school registrar).
ALTER TABLE student_history ADD COLUMN request_id BIGINT;

-- Proof materials (R-ARC-2): stored in the database, so that a request and
-- its proofs commit together and move with the archive. kind: id_card |
-- hukou_page | police_certificate | id_correction_notice | other
-- (domain::ProofKind); content_type is what the bytes are, not what the name
-- says; sha256 is the lower-case hex digest of bytes.
CREATE TABLE proof_file (
  id           {{ID_PK}},
  student_id   BIGINT NOT NULL REFERENCES student(id),
  kind         TEXT NOT NULL,
  content_type TEXT NOT NULL,
  file_name    TEXT NOT NULL,
  size         BIGINT NOT NULL,
  sha256       TEXT NOT NULL,
  bytes        {{BLOB}} NOT NULL,
  uploaded_by  BIGINT NOT NULL REFERENCES app_user(id),
  uploaded_at  BIGINT NOT NULL
);
CREATE INDEX proof_file_student ON proof_file(student_id, id);

-- Key-data change requests (R-CHG-2): pending_school → pending_authority →
-- approved; rejected at either step (with a reason) or cancelled by the
-- requester. changes: JSON {"field":{"old":"…","new":"…"},…}
-- (domain::EncodeChanges). entry_error: the request corrects an error made
-- by the system's users (R-CHG-3: the only change a graduate's record takes).
CREATE TABLE key_change_request (
  id                   {{ID_PK}},
  student_id           BIGINT NOT NULL REFERENCES student(id),
  state                TEXT NOT NULL,
  changes              TEXT NOT NULL,
  reason               TEXT NOT NULL,
  entry_error          INTEGER NOT NULL DEFAULT 0,
  requested_by         BIGINT NOT NULL REFERENCES app_user(id),
  requested_at         BIGINT NOT NULL,
  school_decided_by    BIGINT REFERENCES app_user(id),
  school_reason        TEXT NOT NULL DEFAULT '',
  school_decided_at    BIGINT,
  authority_decided_by BIGINT REFERENCES app_user(id),
  authority_reason     TEXT NOT NULL DEFAULT '',
  decided_at           BIGINT  -- when the request was approved, rejected or cancelled
);
CREATE INDEX key_change_request_state ON key_change_request(state, id);
-- One open request per student, also between concurrent requesters.
CREATE UNIQUE INDEX key_change_request_open ON key_change_request(student_id)
  WHERE state IN ('pending_school', 'pending_authority');

-- R-ARC-3: the proofs a request carries.
CREATE TABLE key_change_proof (
  request_id BIGINT NOT NULL REFERENCES key_change_request(id),
  proof_id   BIGINT NOT NULL REFERENCES proof_file(id),
  PRIMARY KEY (request_id, proof_id)
);

-- R-POL-3: the fields a province adds to the default key-data set (姓名,
-- 性别, 出生日期, 身份证件类型, 身份证件号); names of domain::StudentFields().
CREATE TABLE province_key_field (
  province_code TEXT NOT NULL REFERENCES org(code),
  field         TEXT NOT NULL,
  PRIMARY KEY (province_code, field)
);
