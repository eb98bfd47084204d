-- R-SPEC-2025: accounts unused for longer than the policy's seal_after_days
-- are sealed (封存) until an administrator of the level above reopens them.
ALTER TABLE app_user ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN reopened_at BIGINT;
