-- The guardian query (R-SVC-3): every answered query from the public page,
-- kept for the rate limits (service/guardian_query.h) and pruned once older
-- than the longest window. client: the address the query came from;
-- number_key: BLAKE2b of the normalized 学籍号 or ID number typed (the table
-- holds no number in clear); ok: 1 when number and name matched a record.
CREATE TABLE guardian_query_attempt (
  id         {{ID_PK}},
  at         BIGINT NOT NULL,
  client     TEXT NOT NULL,
  number_key TEXT NOT NULL,
  ok         INTEGER NOT NULL
);
CREATE INDEX guardian_query_attempt_client ON guardian_query_attempt(client, at);
CREATE INDEX guardian_query_attempt_number ON guardian_query_attempt(number_key, at);
CREATE INDEX guardian_query_attempt_at ON guardian_query_attempt(at);

-- One row, locked by every guardian query's transaction before it counts the
-- attempts, so that concurrent queries (several server processes included)
-- count each other: the limits hold exactly on PostgreSQL too.
CREATE TABLE guardian_query_gate (
  id INTEGER PRIMARY KEY
);
INSERT INTO guardian_query_gate (id) VALUES (1);
