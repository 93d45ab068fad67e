package io.agentdeck.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "conversations")
class ConversationEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "agent_id", nullable = false)
    private long agentId;

    @Column(name = "title", nullable = false)
    private String title;

    @Column(name = "is_default", nullable = false)
    private boolean isDefault;

    /** Set on the default thread only; its unique index is what allows a single default per agent. */
    @Column(name = "default_agent_id")
    private Long defaultAgentId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ConversationEntity() {}

    ConversationEntity(long agentId, String title, boolean isDefault, Instant createdAt) {
        this.agentId = agentId;
        this.title = title;
        this.isDefault = isDefault;
        this.defaultAgentId = isDefault ? agentId : null;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    void rename(String newTitle, Instant at) {
        this.title = newTitle;
        this.updatedAt = at;
    }

    long id() {
        return id;
    }

    long agentId() {
        return agentId;
    }

    String title() {
        return title;
    }

    boolean isDefault() {
        return isDefault;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
