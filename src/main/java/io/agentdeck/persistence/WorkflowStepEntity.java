package io.agentdeck.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code workflow_steps}; {@code dependsOn} is the step numbers joined by commas, {@code delegatedBy} the
 * number of the step that delegated this one (null for a planned step).
 */
@Entity
@Table(name = "workflow_steps")
class WorkflowStepEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "workflow_id", nullable = false)
    String workflowId;

    @Column(name = "step", nullable = false)
    int step;

    @Column(name = "agent_id")
    Long agentId;

    @Column(name = "agent_name", nullable = false)
    String agentName;

    @Column(name = "instruction", nullable = false)
    String instruction;

    @Column(name = "depends_on", nullable = false)
    String dependsOn;

    @Column(name = "delegated_by")
    Integer delegatedBy;

    @Column(name = "status", nullable = false)
    String status;

    @Column(name = "output")
    String output;

    @Column(name = "error")
    String error;

    @Column(name = "input_tokens", nullable = false)
    long inputTokens;

    @Column(name = "output_tokens", nullable = false)
    long outputTokens;

    @Column(name = "started_at")
    Instant startedAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    protected WorkflowStepEntity() {}

    WorkflowStepEntity(String workflowId, int step) {
        this.workflowId = workflowId;
        this.step = step;
    }
}
