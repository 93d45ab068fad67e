package io.agentdeck.engine.store;

import io.agentdeck.engine.workflow.Workflow;
import io.agentdeck.engine.workflow.WorkflowStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface WorkflowStore {
    /** Stores a new workflow with its steps. */
    void create(Workflow workflow);

    /** Writes the workflow and all its steps as they are now (durably, like every store write). */
    void update(Workflow workflow);

    Optional<Workflow> findById(String id);

    Optional<Workflow> findByTaskId(long taskId);

    /** Newest first. */
    List<Workflow> find(Optional<WorkflowStatus> status, int limit);

    /**
     * After a stop: every workflow still planning, running or waiting for approval becomes interrupted, and its steps
     * that were running or waiting become pending again. Returns how many workflows were interrupted.
     */
    int interruptUnfinished(Instant at);
}
