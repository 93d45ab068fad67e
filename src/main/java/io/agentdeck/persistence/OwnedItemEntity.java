package io.agentdeck.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "owned_items")
class OwnedItemEntity {
    /** Kind and id in one column ({@code task:42}): one key to look up, and no composite-key class. */
    @Id
    @Column(name = "item_key", nullable = false)
    private String key;

    @Column(name = "item_kind", nullable = false)
    private String kind;

    @Column(name = "item_id", nullable = false)
    private String itemId;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected OwnedItemEntity() {}

    OwnedItemEntity(String kind, String itemId, long userId, Instant createdAt) {
        this.key = keyOf(kind, itemId);
        this.kind = kind;
        this.itemId = itemId;
        this.userId = userId;
        this.createdAt = createdAt;
    }

    static String keyOf(String kind, String itemId) {
        return kind + ":" + itemId;
    }

    String itemId() {
        return itemId;
    }

    long userId() {
        return userId;
    }
}
