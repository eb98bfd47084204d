-- Bulk import of the national template (R-IO-1, R-IO-2; service/import_jobs.h,
-- docs/import.md). One row per uploaded file. mode: A (the valid rows go in
-- as one registration submission) | B (nothing goes in if any row fails).
-- state: queued | running | done | failed | cancelled; a job found running
-- when the server starts is marked failed (its insert is one transaction, so
-- nothing of it was written). rows_*: progress, committed as the job goes so
-- that another connection reads it. upload: the file as uploaded; result:
-- the result workbook (.xlsx) once the job ended; error: why it failed.
-- cancel_requested: set by a cancel while running, read by the job between
-- rows. imported: the records the job wrote (0 unless done).
CREATE TABLE import_job (
  id               {{ID_PK}},
  school_code      TEXT NOT NULL REFERENCES org(code),
  actor_id         BIGINT NOT NULL REFERENCES app_user(id),
  file_name        TEXT NOT NULL,
  file_kind        TEXT NOT NULL,
  mode             TEXT NOT NULL,
  state            TEXT NOT NULL,
  rows_total       BIGINT NOT NULL DEFAULT 0,
  rows_processed   BIGINT NOT NULL DEFAULT 0,
  rows_valid       BIGINT NOT NULL DEFAULT 0,
  rows_invalid     BIGINT NOT NULL DEFAULT 0,
  imported         BIGINT NOT NULL DEFAULT 0,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  created_at       BIGINT NOT NULL,
  finished_at      BIGINT,
  upload           {{BLOB}} NOT NULL,
  result           {{BLOB}},
  error            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX import_job_school ON import_job(school_code, id);
