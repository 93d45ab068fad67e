package io.agentdeck.engine.knowledge;

import java.time.Instant;
import java.util.Optional;

/** A document about to be queued for indexing. */
public record NewDocument(
        long collectionId,
        String name,
        Optional<String> sourcePath,
        Optional<Instant> sourceModifiedAt,
        long sizeBytes,
        String sha256) {}
