-- R-TR-12, R-TR-9: the transfer whose move of the record ended a placement,
-- so that rolling that transfer back restores the placement. NULL for a
-- placement ended by hand or by a later placement, and for those ended
-- before this column existed (their rollback does not restore them).
ALTER TABLE study_placement ADD COLUMN ended_by_transfer BIGINT REFERENCES transfer(id);
