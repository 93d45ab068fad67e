package io.agentdeck.engine.knowledge;

import java.time.Instant;
import java.util.Optional;

/**
 * A document of a collection as stored. {@code sourcePath} is the file it was added from (empty for uploads and the
 * built-in guide), so a changed file is indexed again and a deleted one removed; {@code chunks} counts its passages.
 */
public record KnowledgeDocument(
        long id,
        long collectionId,
        String name,
        Optional<String> sourcePath,
        Optional<Instant> sourceModifiedAt,
        Optional<String> mediaType,
        long sizeBytes,
        String sha256,
        DocumentStatus status,
        Optional<String> error,
        int chunks,
        Instant addedAt,
        Instant updatedAt) {}
