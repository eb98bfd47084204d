-- Foundation schema: organization tree, schools, classes, accounts, sessions,
-- settings and the hash-chained audit log (R-ORG-1..3, R-SEC-2, R-SEC-4).
-- Tokens replaced per dialect by store/migrations.cc:
--   {{ID_PK}}  auto-increment integer primary key
--   {{C}}      binary collation for path columns (prefix range scans)
-- Instants are BIGINT microseconds since the Unix epoch, UTC.

CREATE TABLE org (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  level       TEXT NOT NULL,
  parent_code TEXT REFERENCES org(code),
  path        TEXT{{C}} NOT NULL UNIQUE,
  dev_zone    INTEGER NOT NULL DEFAULT 0,
  created_at  BIGINT NOT NULL
);
CREATE INDEX org_parent ON org(parent_code, code);

CREATE TABLE school (
  code           TEXT PRIMARY KEY REFERENCES org(code),
  stage          TEXT NOT NULL,
  type           TEXT NOT NULL,
  county_code    TEXT NOT NULL REFERENCES org(code),
  authority_code TEXT NOT NULL REFERENCES org(code)
);

CREATE TABLE school_class (
  id           {{ID_PK}},
  school_code  TEXT NOT NULL REFERENCES school(code),
  grade_code   TEXT NOT NULL,
  name         TEXT NOT NULL,
  head_teacher TEXT NOT NULL DEFAULT '',
  capacity     INTEGER NOT NULL,
  created_at   BIGINT NOT NULL,
  UNIQUE (school_code, grade_code, name)
);

CREATE TABLE app_user (
  id                  {{ID_PK}},
  username            TEXT NOT NULL UNIQUE,
  display_name        TEXT NOT NULL,
  password_hash       TEXT NOT NULL,
  role                TEXT NOT NULL,
  org_code            TEXT NOT NULL REFERENCES org(code),
  phone               TEXT NOT NULL DEFAULT '',
  failed_count        INTEGER NOT NULL DEFAULT 0,
  locked_until        BIGINT NOT NULL DEFAULT 0,
  disabled            INTEGER NOT NULL DEFAULT 0,
  last_login_at       BIGINT,
  password_changed_at BIGINT NOT NULL,
  created_at          BIGINT NOT NULL
);
CREATE INDEX app_user_org ON app_user(org_code, username);

CREATE TABLE app_session (
  token_hash   TEXT PRIMARY KEY,
  user_id      BIGINT NOT NULL REFERENCES app_user(id),
  csrf_token   TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  client       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX app_session_user ON app_session(user_id);

CREATE TABLE setting (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE audit_log (
  seq       BIGINT PRIMARY KEY,
  at        BIGINT NOT NULL,
  actor     TEXT NOT NULL,
  org_code  TEXT NOT NULL,
  action    TEXT NOT NULL,
  subject   TEXT NOT NULL,
  outcome   TEXT NOT NULL,
  client    TEXT NOT NULL,
  summary   TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_log_org ON audit_log(org_code, seq);

-- The head of the chain: one row, locked by every append so that appends are
-- serialized on PostgreSQL too, and compared with the last entry by
-- verify-audit so that cutting entries off the end is detected.
CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY,
  seq  BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
