-- Delegation (ADR 14): a workflow step's agent may ask another agent for part of its step with the delegate tool. The
-- new step is a row like any other; delegated_by is the number of the step that asked for it (NULL for a planned step).
ALTER TABLE workflow_steps ADD COLUMN delegated_by INT;
