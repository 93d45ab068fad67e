package io.agentdeck.engine.knowledge.ingest;

import java.util.Objects;
import java.util.Optional;

/**
 * A run of a parsed document's text that shares one place: the page it is on (PDF, slides: 1-based) and the heading
 * it falls under, when the format has them. Splitting keeps these so a citation can say where a passage is.
 */
public record Section(String text, Optional<Integer> page, Optional<String> heading) {
    public Section {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(heading, "heading");
    }
}
