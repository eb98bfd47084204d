-- Export requests (R-SEC-1, 第二十五条; service/export_requests.h,
-- docs/exports.md): bulk export beyond a school's own masked roster — full ID
-- numbers, or a scope above one school — leaves only through a request
-- approved by the record authority above the requester.
-- requester_org: the requester's unit; scope_org: a school or a county, city
-- or province inside the requester's subtree, class_id optionally one class
-- of that school (0 = the whole scope). kind: roster | basic_info.
-- full_id_numbers: 1 when the full numbers are asked for. purpose, recipient:
-- what the data is for and to whom it goes (第二十五条).
-- authority_org: the unit that decides (the school's record authority, the
-- parent of a county or city, the ministry for a province and itself).
-- state: pending | approved | rejected; an approved request is usable until
-- valid_until and for max_downloads downloads (downloads counts them) — read
-- as expired or used up past either, without a write.
CREATE TABLE export_request (
  id              {{ID_PK}},
  requester_id    BIGINT NOT NULL REFERENCES app_user(id),
  requester_org   TEXT NOT NULL REFERENCES org(code),
  scope_org       TEXT NOT NULL REFERENCES org(code),
  class_id        BIGINT NOT NULL DEFAULT 0,
  kind            TEXT NOT NULL,
  full_id_numbers INTEGER NOT NULL,
  purpose         TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  state           TEXT NOT NULL,
  authority_org   TEXT NOT NULL REFERENCES org(code),
  decided_by      BIGINT REFERENCES app_user(id),
  decision_comment TEXT NOT NULL DEFAULT '',
  decided_at      BIGINT,
  valid_until     BIGINT,
  max_downloads   INTEGER NOT NULL DEFAULT 0,
  downloads       INTEGER NOT NULL DEFAULT 0,
  created_at      BIGINT NOT NULL
);
CREATE INDEX export_request_requester ON export_request(requester_org, id);
CREATE INDEX export_request_authority ON export_request(authority_org, state, id);
