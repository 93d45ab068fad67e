-- The task (or workflow's task) whose turn asked: on a team's server the approval belongs to that task's owner, as it
-- does to the owner of the thread it was asked in.
ALTER TABLE approvals ADD COLUMN task_id BIGINT;
