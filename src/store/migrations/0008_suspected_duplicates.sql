-- Suspected duplicates (疑似重复学籍, R-REG-4, R-INFO-5): pairs of records
-- listed for review with a score (domain::ScoreDuplicate); they never block.
-- One row per unordered pair, stored with the smaller student id first.
-- reasons: the reason codes, comma-separated (domain::DuplicateReasons()).
-- state: open → dismissed (different people, e.g. twins) | confirmed (the
-- same person); a reviewed pair is never re-opened by a later search.

CREATE TABLE suspected_duplicate (
  id               {{ID_PK}},
  student_id       BIGINT NOT NULL REFERENCES student(id),
  other_student_id BIGINT NOT NULL REFERENCES student(id),
  score            INTEGER NOT NULL,
  reasons          TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'open',
  reviewed_by      BIGINT REFERENCES app_user(id),
  reviewed_at      BIGINT,
  review_note      TEXT NOT NULL DEFAULT '',
  created_at       BIGINT NOT NULL,
  CHECK (student_id < other_student_id),
  UNIQUE (student_id, other_student_id)
);
CREATE INDEX suspected_duplicate_other ON suspected_duplicate(other_student_id);
CREATE INDEX suspected_duplicate_open ON suspected_duplicate(state, score, id);

-- Candidate look-up for R-REG-4: homophone names born the same day. Same
-- name + birth date + sex, ID numbers and guardians' ID numbers use the
-- indexes of 0005.
CREATE INDEX student_pinyin_birth ON student(name_pinyin, birth_date);
