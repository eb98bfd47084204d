-- Registrations and key-data changes run on the approval workflow
-- (domain/workflow.h): every open one gets its workflow request, so that the
-- services decide it through its steps. Two steps in order: 学校审核 by the
-- school's school_approver, then 学籍主管部门核准 by the registrar of the
-- school's record authority (the county's county_registrar, a city's
-- city_registrar …). A registration flagged as a problem record (R-REG-5)
-- stands at the state it resumes once resolved.
--
-- Deadlines need the business calendar, which SQL cannot count: the steps
-- opened here have opened_on and due NULL, shown as 期限待定 and never
-- overdue (docs/workflow.md).

-- The state a registration waits in: its own, or the one its open problem
-- record resumes.
CREATE TEMPORARY TABLE backfill_registration AS
SELECT st.id AS student_id,
       CASE WHEN st.registration = 'problem' THEN
         (SELECT p.resume_registration FROM problem_record p
          WHERE p.student_id = st.id AND p.state = 'open' ORDER BY p.id DESC LIMIT 1)
       ELSE st.registration END AS waits_in,
       st.submitted_by AS initiator, st.school_code, st.submitted_at AS created_at,
       st.school_decided_by
FROM student st
WHERE st.registration IN ('pending_school', 'pending_authority', 'problem');

DELETE FROM backfill_registration
WHERE waits_in IS NULL OR waits_in NOT IN ('pending_school', 'pending_authority');

CREATE TEMPORARY TABLE backfill_flow AS
SELECT 'registration' AS type, b.student_id, b.waits_in, b.initiator, b.school_code,
       b.created_at, b.school_decided_by, '{}' AS payload
FROM backfill_registration b
UNION ALL
SELECT 'key_change', r.student_id, r.state, r.requested_by, st.school_code, r.requested_at,
       r.school_decided_by, '{"key_change_request":' || CAST(r.id AS TEXT) || '}'
FROM key_change_request r JOIN student st ON st.id = r.student_id
WHERE r.state IN ('pending_school', 'pending_authority');

INSERT INTO workflow_request (type, subject_student_id, step_order, initiator, initiator_org,
                              state, payload, created_at)
SELECT f.type, f.student_id, 'in_order', f.initiator, f.school_code, 'open', f.payload,
       f.created_at
FROM backfill_flow f
WHERE NOT EXISTS (SELECT 1 FROM workflow_request w WHERE w.type = f.type
                  AND w.subject_student_id = f.student_id AND w.state = 'open');

-- Step 0: 学校审核.
INSERT INTO workflow_step (request_id, seq, name, owner_org, owner_path, escalate_to, owner_role,
                           deadline_days, state, decided_by)
SELECT w.id, 0, '学校审核', f.school_code, o.path, COALESCE(parent.path, ''), 'school_approver',
       10, CASE WHEN f.waits_in = 'pending_school' THEN 'open' ELSE 'approved' END,
       CASE WHEN f.waits_in = 'pending_school' THEN NULL ELSE f.school_decided_by END
FROM backfill_flow f
JOIN workflow_request w ON w.type = f.type AND w.subject_student_id = f.student_id
  AND w.state = 'open'
JOIN org o ON o.code = f.school_code
LEFT JOIN org parent ON parent.code = o.parent_code
WHERE NOT EXISTS (SELECT 1 FROM workflow_step s WHERE s.request_id = w.id);

-- Step 1: 学籍主管部门核准.
INSERT INTO workflow_step (request_id, seq, name, owner_org, owner_path, escalate_to, owner_role,
                           deadline_days, state)
SELECT w.id, 1, '学籍主管部门核准', sc.authority_code, a.path, COALESCE(parent.path, ''),
       CASE a.level WHEN 'county' THEN 'county_registrar' WHEN 'city' THEN 'city_registrar'
         WHEN 'province' THEN 'province_registrar' ELSE 'ministry_registrar' END,
       10, CASE WHEN f.waits_in = 'pending_school' THEN 'waiting' ELSE 'open' END
FROM backfill_flow f
JOIN workflow_request w ON w.type = f.type AND w.subject_student_id = f.student_id
  AND w.state = 'open'
JOIN school sc ON sc.code = f.school_code
JOIN org a ON a.code = sc.authority_code
LEFT JOIN org parent ON parent.code = a.parent_code
WHERE NOT EXISTS (SELECT 1 FROM workflow_step s WHERE s.request_id = w.id AND s.seq = 1);

DROP TABLE backfill_flow;
DROP TABLE backfill_registration;
