package io.agentdeck.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "chat_memory")
class ChatMemoryEntity {
    @Id
    @Column(name = "memory_id", nullable = false)
    private String memoryId;

    @Column(name = "messages_json", nullable = false)
    private String messagesJson;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ChatMemoryEntity() {}

    ChatMemoryEntity(String memoryId, String messagesJson, Instant updatedAt) {
        this.memoryId = memoryId;
        this.messagesJson = messagesJson;
        this.updatedAt = updatedAt;
    }

    void replace(String json, Instant at) {
        this.messagesJson = json;
        this.updatedAt = at;
    }

    String messagesJson() {
        return messagesJson;
    }
}
