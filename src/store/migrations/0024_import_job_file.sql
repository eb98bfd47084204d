-- The files of an import job (docs/import.md) in their own table: the upload
-- as received and the result workbook once the job ended (kind upload |
-- result). Kept apart from import_job so that the progress the job commits
-- after every chunk rewrites a small row, not the file with it (SQLite
-- stores a row whole: a 27 MB upload was rewritten at every chunk).
CREATE TABLE import_job_file (
  job_id BIGINT NOT NULL REFERENCES import_job(id),
  kind   TEXT NOT NULL,
  bytes  {{BLOB}} NOT NULL,
  PRIMARY KEY (job_id, kind)
);
INSERT INTO import_job_file (job_id, kind, bytes) SELECT id, 'upload', upload FROM import_job;
INSERT INTO import_job_file (job_id, kind, bytes)
  SELECT id, 'result', result FROM import_job WHERE result IS NOT NULL;
ALTER TABLE import_job DROP COLUMN upload;
ALTER TABLE import_job DROP COLUMN result;
