package io.agentdeck.persistence;

import io.agentdeck.engine.task.TaskStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "tasks")
class TaskEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "type", nullable = false)
    private String type;

    @Column(name = "agent_id", nullable = false)
    private long agentId;

    @Column(name = "input", nullable = false)
    private String input;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "status", nullable = false)
    private TaskStatus status;

    @Column(name = "result")
    private String result;

    @Column(name = "error")
    private String error;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected TaskEntity() {}

    TaskEntity(String type, long agentId, String input, TaskStatus status, Instant createdAt) {
        this.type = type;
        this.agentId = agentId;
        this.input = input;
        this.status = status;
        this.createdAt = createdAt;
    }

    long id() {
        return id;
    }

    String type() {
        return type;
    }

    long agentId() {
        return agentId;
    }

    String input() {
        return input;
    }

    TaskStatus status() {
        return status;
    }

    String result() {
        return result;
    }

    String error() {
        return error;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant finishedAt() {
        return finishedAt;
    }
}
