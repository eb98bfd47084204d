-- Identity verification against the population database (R-NO-7, R-REG-8
-- kind a) and the spring batch of formal numbers (R-NO-3, R-NO-4, R-YR-4).

-- The population reference the ministry imports (R-NO-7): one row per
-- 居民身份证 number. A re-import of a corrected file replaces the row (upsert
-- on the primary key), so importing the same file twice changes nothing.
CREATE TABLE population_reference (
  id_number_norm TEXT{{C}} PRIMARY KEY,  -- 18 characters, upper-case X
  name           TEXT NOT NULL,          -- normalized (domain::NormalizePersonName)
  sex            TEXT NOT NULL,          -- code of the sex table: '1' 男, '2' 女
  birth_date     TEXT NOT NULL,          -- YYYY-MM-DD
  source_file    TEXT NOT NULL,          -- the file the row last came from
  imported_at    BIGINT NOT NULL
);

-- One formal-number batch (R-NO-3): started, worked through in chunks that
-- each add to the counts and move the cursor, then done with its report. A
-- batch left 'running' by a crash is continued by the next run on the same
-- scope, from the cursor.
CREATE TABLE number_batch (
  id              {{ID_PK}},
  scope_org       TEXT NOT NULL REFERENCES org(code),
  scope_path      TEXT{{C}} NOT NULL,
  state           TEXT NOT NULL,           -- running | done
  actor           TEXT NOT NULL,
  started_at      BIGINT NOT NULL,
  finished_at     BIGINT,
  last_student_id BIGINT NOT NULL DEFAULT 0,  -- students up to this id are handled
  considered      BIGINT NOT NULL DEFAULT 0,
  issued          BIGINT NOT NULL DEFAULT 0,
  mismatched      BIGINT NOT NULL DEFAULT 0,
  unknown         BIGINT NOT NULL DEFAULT 0,
  skipped         BIGINT NOT NULL DEFAULT 0,
  problems_opened BIGINT NOT NULL DEFAULT 0,
  report          TEXT NOT NULL DEFAULT ''  -- JSON, written when done
);
-- At most one running batch per scope: two runs started at once continue the
-- same batch instead of working the same students twice.
CREATE UNIQUE INDEX number_batch_running ON number_batch(scope_path) WHERE state = 'running';

-- The students a batch could not give a formal number although they were
-- verified (e.g. FORMAL_NUMBER_TAKEN: the G number was issued before, R-NO-6).
CREATE TABLE number_batch_skip (
  batch_id       BIGINT NOT NULL REFERENCES number_batch(id),
  student_id     BIGINT NOT NULL REFERENCES student(id),
  student_number TEXT NOT NULL,
  code           TEXT NOT NULL,
  message        TEXT NOT NULL,
  PRIMARY KEY (batch_id, student_id)
);

-- Every answer of identity verification (R-NO-7), with what was asked.
-- batch_id is set when a formal-number batch asked, actor always.
CREATE TABLE identity_check (
  id                {{ID_PK}},
  student_id        BIGINT NOT NULL REFERENCES student(id),
  at                BIGINT NOT NULL,
  id_number_norm    TEXT NOT NULL,
  verdict           TEXT NOT NULL,            -- matched | mismatched | unknown
  mismatched_fields TEXT NOT NULL DEFAULT '', -- comma-separated: name,sex,birth_date
  actor             TEXT NOT NULL,
  batch_id          BIGINT REFERENCES number_batch(id)
);
CREATE INDEX identity_check_student ON identity_check(student_id, at);
CREATE INDEX identity_check_batch ON identity_check(batch_id);

-- The numbers a student held before (R-NO-4: the old number stays in the
-- record): an L or J number replaced by the G number of a batch.
CREATE TABLE student_former_number (
  student_id  BIGINT NOT NULL REFERENCES student(id),
  number      TEXT{{C}} NOT NULL,
  replaced_at BIGINT NOT NULL,
  batch_id    BIGINT REFERENCES number_batch(id),
  PRIMARY KEY (student_id, number)
);
CREATE INDEX student_former_number_number ON student_former_number(number);
