package io.agentdeck.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A passage with its embedding as float32 little-endian bytes ({@link Vectors}). */
@Entity
@Table(name = "knowledge_passages")
class KnowledgePassageEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "document_id", nullable = false)
    private long documentId;

    @Column(name = "ordinal", nullable = false)
    private int ordinal;

    @Column(name = "text", nullable = false)
    private String text;

    @Column(name = "page")
    private Integer page;

    @Column(name = "heading")
    private String heading;

    @Column(name = "start_offset", nullable = false)
    private int start;

    @Column(name = "embedding", nullable = false)
    private byte[] embedding;

    protected KnowledgePassageEntity() {}

    KnowledgePassageEntity(
            long documentId, int ordinal, String text, Integer page, String heading, int start, byte[] embedding) {
        this.documentId = documentId;
        this.ordinal = ordinal;
        this.text = text;
        this.page = page;
        this.heading = heading;
        this.start = start;
        this.embedding = embedding;
    }

    long id() {
        return id;
    }

    long documentId() {
        return documentId;
    }

    int ordinal() {
        return ordinal;
    }

    String text() {
        return text;
    }

    Integer page() {
        return page;
    }

    String heading() {
        return heading;
    }

    int start() {
        return start;
    }

    byte[] embedding() {
        return embedding;
    }
}
