-- Policy layers (R-POL-1..7; domain/policy.h, domain/policy_entries.h): the
-- values one organization — the ministry, a province, a city or a county —
-- sets for itself and the organizations below it, one row per value set.
-- A value absent here is inherited from the level above.
CREATE TABLE policy_setting (
  org_code    TEXT NOT NULL REFERENCES org(code),
  name        TEXT NOT NULL,
  value       TEXT NOT NULL,
  updated_by  BIGINT NOT NULL REFERENCES app_user(id),
  updated_at  BIGINT NOT NULL,
  PRIMARY KEY (org_code, name)
);
