-- R-TR-2, R-CAL-1: the steps 0014 opened for registrations and key-data
-- changes already under way have no opening day and no due date (期限待定).
-- They get both here: the opening day is the day (China Standard Time) the
-- request was submitted — the earliest day the step can have opened, so the
-- strictest reading — and the due date is, as for every step, the
-- deadline_days-th working day after it on the stored business calendar
-- (domain BusinessCalendar::AddWorkingDays: holidays and 调休 workdays from
-- calendar_day, weekends otherwise). A step whose deadline reaches a year the
-- calendar does not cover keeps its due date pending and gets it when that
-- year is entered (service ResolvePendingDues), like any step.
--
-- Dates are computed from day numbers (days since 1970-01-01) with integer
-- arithmetic only, the same on SQLite and PostgreSQL.

CREATE TEMPORARY TABLE backfill_due AS
SELECT s.request_id, s.seq, s.deadline_days,
       (r.created_at / 1000000 + 28800) / 86400 AS opened_dn
FROM workflow_step s JOIN workflow_request r ON r.id = s.request_id
WHERE s.state = 'open' AND s.opened_on IS NULL AND r.state = 'open';

-- For each step, its opening day and the 140 days after it (60 working days,
-- the longest deadline, never span more), with their civil dates
-- (H. Hinnant's civil_from_days).
CREATE TEMPORARY TABLE backfill_civil AS
WITH RECURSIVE walk(request_id, seq, dn, last_dn) AS (
  SELECT request_id, seq, opened_dn, opened_dn + 140 FROM backfill_due
  UNION ALL
  SELECT request_id, seq, dn + 1, last_dn FROM walk WHERE dn < last_dn
)
SELECT request_id, seq, dn, CASE WHEN m <= 2 THEN y + 1 ELSE y END AS y, m, dd
FROM (SELECT request_id, seq, dn, yoe + era * 400 AS y,
             CASE WHEN mp < 10 THEN mp + 3 ELSE mp - 9 END AS m,
             doy - (153 * mp + 2) / 5 + 1 AS dd
      FROM (SELECT request_id, seq, dn, era, yoe, doy, (5 * doy + 2) / 153 AS mp
            FROM (SELECT request_id, seq, dn, era, yoe,
                         doe - (365 * yoe + yoe / 4 - yoe / 100) AS doy
                  FROM (SELECT request_id, seq, dn, era, doe,
                               (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365 AS yoe
                        FROM (SELECT request_id, seq, dn, (dn + 719468) / 146097 AS era,
                                     (dn + 719468) - ((dn + 719468) / 146097) * 146097 AS doe
                              FROM walk) a) b) c) e) f;

CREATE TEMPORARY TABLE backfill_day AS
SELECT c.request_id, c.seq, c.dn,
       CAST(c.y AS TEXT) || '-' || CASE WHEN c.m < 10 THEN '0' ELSE '' END || CAST(c.m AS TEXT)
         || '-' || CASE WHEN c.dd < 10 THEN '0' ELSE '' END || CAST(c.dd AS TEXT) AS day,
       CASE WHEN EXISTS (SELECT 1 FROM calendar_year cy WHERE cy.year = c.y) THEN 1 ELSE 0 END
         AS covered,
       0 AS working
FROM backfill_civil c;
CREATE INDEX backfill_day_step ON backfill_day(request_id, seq, dn);

-- 1970-01-01 (day 0) was a Thursday: (dn + 3) % 7 is 5 on Saturdays, 6 on Sundays.
UPDATE backfill_day SET working =
  CASE (SELECT cd.kind FROM calendar_day cd WHERE cd.day = backfill_day.day)
    WHEN 'workday' THEN 1
    WHEN 'holiday' THEN 0
    ELSE CASE WHEN (dn + 3) % 7 >= 5 THEN 0 ELSE 1 END
  END;

-- The due date: the deadline_days-th working day after the opening day, when
-- every day up to it is in a year the calendar covers.
CREATE TEMPORARY TABLE backfill_result AS
SELECT b.request_id, b.seq, o.day AS opened_on,
       (SELECT w.day FROM backfill_day w
        WHERE w.request_id = b.request_id AND w.seq = b.seq AND w.dn > b.opened_dn
          AND w.working = 1
          AND (SELECT COUNT(*) FROM backfill_day x
               WHERE x.request_id = b.request_id AND x.seq = b.seq AND x.dn > b.opened_dn
                 AND x.dn <= w.dn AND x.working = 1) = b.deadline_days
          AND NOT EXISTS (SELECT 1 FROM backfill_day u
                          WHERE u.request_id = b.request_id AND u.seq = b.seq
                            AND u.dn > b.opened_dn AND u.dn <= w.dn AND u.covered = 0)) AS due
FROM backfill_due b
JOIN backfill_day o ON o.request_id = b.request_id AND o.seq = b.seq AND o.dn = b.opened_dn;

UPDATE workflow_step SET
  opened_on = (SELECT r.opened_on FROM backfill_result r
               WHERE r.request_id = workflow_step.request_id AND r.seq = workflow_step.seq),
  due = (SELECT r.due FROM backfill_result r
         WHERE r.request_id = workflow_step.request_id AND r.seq = workflow_step.seq)
WHERE state = 'open' AND opened_on IS NULL
  AND EXISTS (SELECT 1 FROM backfill_result r
              WHERE r.request_id = workflow_step.request_id AND r.seq = workflow_step.seq);

DROP TABLE backfill_result;
DROP TABLE backfill_day;
DROP TABLE backfill_civil;
DROP TABLE backfill_due;
