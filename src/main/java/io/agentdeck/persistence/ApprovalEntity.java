package io.agentdeck.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "approvals")
class ApprovalEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "kind", nullable = false)
    private String kind;

    @Column(name = "agent_id", nullable = false)
    private long agentId;

    @Column(name = "tool")
    private String tool;

    @Column(name = "arguments")
    private String arguments;

    @Column(name = "conversation_id")
    private Long conversationId;

    @Column(name = "question_id")
    private Long questionId;

    @Column(name = "task_id")
    private Long taskId;

    @Column(name = "status", nullable = false)
    private String status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "decided_at")
    private Instant decidedAt;

    @Column(name = "reason")
    private String reason;

    protected ApprovalEntity() {}

    ApprovalEntity(
            String kind,
            long agentId,
            String tool,
            String arguments,
            Long conversationId,
            Long questionId,
            Long taskId,
            String status,
            Instant createdAt) {
        this.kind = kind;
        this.agentId = agentId;
        this.tool = tool;
        this.arguments = arguments;
        this.conversationId = conversationId;
        this.questionId = questionId;
        this.taskId = taskId;
        this.status = status;
        this.createdAt = createdAt;
    }

    long id() {
        return id;
    }

    String kind() {
        return kind;
    }

    long agentId() {
        return agentId;
    }

    String tool() {
        return tool;
    }

    String arguments() {
        return arguments;
    }

    Long conversationId() {
        return conversationId;
    }

    Long questionId() {
        return questionId;
    }

    Long taskId() {
        return taskId;
    }

    String status() {
        return status;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant decidedAt() {
        return decidedAt;
    }

    String reason() {
        return reason;
    }
}
