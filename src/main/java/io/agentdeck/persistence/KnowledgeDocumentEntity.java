package io.agentdeck.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "knowledge_documents")
class KnowledgeDocumentEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "collection_id", nullable = false)
    private long collectionId;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "source_path")
    private String sourcePath;

    @Column(name = "source_modified_at")
    private Instant sourceModifiedAt;

    @Column(name = "media_type")
    String mediaType;

    @Column(name = "size_bytes", nullable = false)
    long sizeBytes;

    @Column(name = "sha256", nullable = false)
    String sha256;

    @Column(name = "status", nullable = false)
    String status;

    @Column(name = "error")
    String error;

    @Column(name = "chunks", nullable = false)
    int chunks;

    @Column(name = "added_at", nullable = false)
    private Instant addedAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    protected KnowledgeDocumentEntity() {}

    KnowledgeDocumentEntity(
            long collectionId,
            String name,
            String sourcePath,
            Instant sourceModifiedAt,
            long sizeBytes,
            String sha256,
            String status,
            Instant addedAt) {
        this.collectionId = collectionId;
        this.name = name;
        this.sourcePath = sourcePath;
        this.sourceModifiedAt = sourceModifiedAt;
        this.sizeBytes = sizeBytes;
        this.sha256 = sha256;
        this.status = status;
        this.chunks = 0;
        this.addedAt = addedAt;
        this.updatedAt = addedAt;
    }

    void sourceModifiedAt(Instant at) {
        this.sourceModifiedAt = at;
    }

    long id() {
        return id;
    }

    long collectionId() {
        return collectionId;
    }

    String name() {
        return name;
    }

    String sourcePath() {
        return sourcePath;
    }

    Instant sourceModifiedAt() {
        return sourceModifiedAt;
    }

    Instant addedAt() {
        return addedAt;
    }
}
