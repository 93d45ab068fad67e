package io.agentdeck.engine.knowledge;

import java.util.Optional;

/**
 * A passage found for a question: its text, the document it is from ({@code source} is the document's name) and
 * where in it, for citing; {@code score} only orders the passages of one search.
 */
public record Passage(
        long passageId,
        long documentId,
        String source,
        String text,
        Optional<Integer> page,
        Optional<String> heading,
        int start,
        double score) {

    /** Where the passage is, as a person reads it: "page 3", "under 'Install'", or empty. */
    public String locationText() {
        if (page.isPresent()) {
            return "page " + page.get();
        }
        return heading.map(h -> "under '" + h + "'").orElse("");
    }
}
