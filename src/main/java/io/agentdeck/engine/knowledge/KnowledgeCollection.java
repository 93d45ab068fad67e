package io.agentdeck.engine.knowledge;

import java.time.Instant;

/** A named set of documents; agents read the collections they are given. {@code General} always exists. */
public record KnowledgeCollection(long id, String name, String description, Instant createdAt) {
    public static final String GENERAL = "General";
}
