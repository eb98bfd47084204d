-- Code tables as data (SPEC §2, R-INFO-4, R-SPEC-2025): 民族, 身份证件类型 …,
-- seeded from data/code_tables/*.csv by `xueji init` and edited by the
-- ministry. `version` rises by one with every change of a table's values.
-- Codes are never deleted: historical = 1 keeps a code valid for the records
-- that carry it and refuses it for new ones. sort_order is the display order.

CREATE TABLE code_table (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  standard    TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  version     BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);

CREATE TABLE code_value (
  table_id   TEXT NOT NULL REFERENCES code_table(id),
  code       TEXT{{C}} NOT NULL,
  name       TEXT NOT NULL,
  historical INTEGER NOT NULL DEFAULT 0,
  sort_order INTEGER NOT NULL,
  PRIMARY KEY (table_id, code)
);
