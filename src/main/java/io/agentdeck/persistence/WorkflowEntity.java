package io.agentdeck.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code workflows}; {@link HibernateWorkflowStore} is its only user, so its fields are set directly. */
@Entity
@Table(name = "workflows")
class WorkflowEntity {
    @Id
    @Column(name = "id")
    String id;

    @Column(name = "task_id", nullable = false)
    long taskId;

    @Column(name = "goal", nullable = false)
    String goal;

    @Column(name = "status", nullable = false)
    String status;

    @Column(name = "stop_reason")
    String stopReason;

    @Column(name = "result")
    String result;

    @Column(name = "input_tokens", nullable = false)
    long inputTokens;

    @Column(name = "output_tokens", nullable = false)
    long outputTokens;

    @Column(name = "max_steps", nullable = false)
    int maxSteps;

    @Column(name = "max_depth", nullable = false)
    int maxDepth;

    @Column(name = "max_tokens", nullable = false)
    long maxTokens;

    @Column(name = "timeout_s", nullable = false)
    long timeoutS;

    @Column(name = "allow_new_agents", nullable = false)
    boolean allowNewAgents;

    @Column(name = "replans", nullable = false)
    int replans;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    protected WorkflowEntity() {}

    WorkflowEntity(String id) {
        this.id = id;
    }
}
