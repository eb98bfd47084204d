-- The national register of 学籍号 (R-NO-1, R-NO-2, R-NO-4, R-NO-6, R-NO-7a).
-- Every number ever issued has a row here, and rows are never removed: a
-- deleted number keeps its row with state 'deleted', so it can never be
-- issued again. The primary key is what makes numbers unique nationally,
-- also between concurrent transactions.
CREATE TABLE student_number_registry (
  number     TEXT{{C}} PRIMARY KEY,  -- 19 characters: G/L/J + 18
  kind       TEXT NOT NULL,           -- 'G', 'L' or 'J'
  division   TEXT NOT NULL,           -- the six-digit code inside the number
  birth_date TEXT NOT NULL,           -- YYYY-MM-DD inside the number
  state      TEXT NOT NULL,           -- 'issued' or 'deleted'
  issued_at  BIGINT NOT NULL,
  deleted_at BIGINT
);

-- The next free three-digit sequence of J numbers per county and birth date.
CREATE TABLE j_number_sequence (
  division   TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  next_seq   INTEGER NOT NULL,
  PRIMARY KEY (division, birth_date)
);
