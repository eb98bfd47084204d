-- The business calendar (R-CAL-1): the years it covers and each year's
-- exceptions to the weekly rhythm, the official holidays (kind 'holiday') and
-- the Saturdays and Sundays worked instead (调休上班, kind 'workday').
-- `xueji init` loads data/holidays.csv (source 'package') for the years the
-- database does not have; the system administrator enters later years and
-- corrects any year (source 'admin'). A date of a year without a
-- calendar_year row is not covered: working-day arithmetic refuses it.

CREATE TABLE calendar_year (
  year       INTEGER PRIMARY KEY,
  source     TEXT NOT NULL,        -- package | admin
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE calendar_day (
  day  TEXT{{C}} PRIMARY KEY,      -- YYYY-MM-DD, China Standard Time (R-CAL-2)
  year INTEGER NOT NULL REFERENCES calendar_year(year),
  kind TEXT NOT NULL,              -- holiday | workday
  name TEXT NOT NULL DEFAULT ''
);

CREATE INDEX calendar_day_year ON calendar_day(year);
