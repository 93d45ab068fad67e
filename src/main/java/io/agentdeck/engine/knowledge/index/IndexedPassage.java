package io.agentdeck.engine.knowledge.index;

import java.util.Objects;

/** A stored passage as the index holds it: ids to filter and answer with, its text for keywords, its vector for meaning. */
public record IndexedPassage(long passageId, long documentId, long collectionId, String text, float[] vector) {
    public IndexedPassage {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vector, "vector");
    }
}
