-- 就读安置 (R-TR-12, 第十七条; domain/placement.h, service/placements.h).
--
-- A transfer may leave the record at the sending school (学籍保留在原学校):
-- a special-education school ↔ regular school (随班就读), or a student
-- entering a 专门学校 (工读学校) when the original school and the guardians
-- so agree. transfer_record_stay marks such a transfer from its start.
-- basis: special_education | specialized_school; agreement_proof_id: the
-- proof (kind record_location_agreement) of the original school's and the
-- guardians' agreement, required for specialized_school.
CREATE TABLE transfer_record_stay (
  transfer_id        BIGINT PRIMARY KEY REFERENCES transfer(id),
  basis              TEXT NOT NULL,
  agreement_proof_id BIGINT
);

-- One row per placement, recorded at 调档 of such a transfer instead of
-- moving the record: the student attends attending_school (in
-- attending_class_id, grade attending_grade) while the record stays at
-- record_school. since: the 调档 date (CST). state: active → ended (the
-- student went back to the record school, a later placement replaced it, or
-- a transfer moved the record). One active placement per student.
CREATE TABLE study_placement (
  id                 {{ID_PK}},
  student_id         BIGINT NOT NULL REFERENCES student(id),
  transfer_id        BIGINT NOT NULL UNIQUE REFERENCES transfer(id),
  attending_school   TEXT NOT NULL REFERENCES school(code),
  attending_class_id BIGINT NOT NULL REFERENCES school_class(id),
  attending_grade    TEXT NOT NULL,
  record_school      TEXT NOT NULL REFERENCES school(code),
  basis              TEXT NOT NULL,
  since              TEXT NOT NULL,
  state              TEXT NOT NULL,
  created_by         BIGINT NOT NULL REFERENCES app_user(id),
  created_at         BIGINT NOT NULL,
  ended_on           TEXT,
  ended_by           BIGINT REFERENCES app_user(id),
  ended_at           BIGINT,
  end_reason         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX study_placement_attending ON study_placement(attending_school, state, id);
CREATE INDEX study_placement_student ON study_placement(student_id, state);
