package io.agentdeck.engine.knowledge;

import java.util.Optional;

/** A stored passage of a document: its place, its text and where in the document it is. */
public record StoredPassage(
        long id,
        long documentId,
        int ordinal,
        String text,
        Optional<Integer> page,
        Optional<String> heading,
        int start) {}
