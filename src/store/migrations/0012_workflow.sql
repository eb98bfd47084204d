-- Approval workflows (R-TR-2, R-ST-1; domain/workflow.h): one request per
-- registration, key-data change, status change or transfer, with its steps.
-- type: registration | key_change | status_change | transfer …; step_order:
-- in_order | any_order; state: open | approved | refused | cancelled.
-- subject_student_id: the student the request is about, if any; payload:
-- what the request type needs, as JSON.
CREATE TABLE workflow_request (
  id                 {{ID_PK}},
  type               TEXT NOT NULL,
  subject_student_id BIGINT REFERENCES student(id),
  step_order         TEXT NOT NULL,
  initiator          BIGINT NOT NULL REFERENCES app_user(id),
  initiator_org      TEXT NOT NULL REFERENCES org(code),
  state              TEXT NOT NULL,
  payload            TEXT NOT NULL DEFAULT '{}',
  created_at         BIGINT NOT NULL,
  ended_at           BIGINT
);
CREATE INDEX workflow_request_subject ON workflow_request(subject_student_id, id);

-- One row per step, in the request's order. state: waiting | open | approved
-- | refused | closed. opened_on and due are dates (YYYY-MM-DD, China Standard
-- Time); due is the last working day for a decision on time. A decision
-- updates the row only while state = 'open', so of two concurrent deciders
-- one records its decision and the other finds the step decided.
CREATE TABLE workflow_step (
  request_id    BIGINT NOT NULL REFERENCES workflow_request(id),
  seq           INTEGER NOT NULL,
  name          TEXT NOT NULL,
  owner_org     TEXT NOT NULL REFERENCES org(code),
  owner_path    TEXT NOT NULL,
  escalate_to   TEXT NOT NULL,  -- path of the organization above the owner ('' for the ministry)
  owner_role    TEXT NOT NULL,
  deadline_days INTEGER NOT NULL,
  state         TEXT NOT NULL,
  opened_on     TEXT,
  due           TEXT,
  decided_by    BIGINT REFERENCES app_user(id),
  decided_at    BIGINT,
  reason        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (request_id, seq)
);
-- "My pending approvals" by owner; overdue steps by the organization they
-- escalate to (R-TR-2).
CREATE INDEX workflow_step_owner ON workflow_step(owner_org, state, due);
CREATE INDEX workflow_step_escalation ON workflow_step(escalate_to, state, due);
