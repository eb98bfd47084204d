-- Resolving 问题学籍 (R-REG-5, R-REG-8): where the record resumes its
-- registration once the problem is resolved (the state it had reached when
-- the problem was found), the record kept by an arbitration, and the proof
-- file of a 佐证.
ALTER TABLE problem_record ADD COLUMN resume_registration TEXT NOT NULL DEFAULT 'pending_school';
ALTER TABLE problem_record ADD COLUMN kept_student_id BIGINT;
ALTER TABLE problem_record ADD COLUMN proof_id BIGINT;
ALTER TABLE problem_record ADD COLUMN action TEXT NOT NULL DEFAULT '';
CREATE INDEX problem_record_other ON problem_record(other_student_id, state);
