package io.agentdeck.engine.knowledge.ingest;

import java.util.List;

/** What a parser read from a file: its detected media type and its text in document order, as sections. */
public record ParsedDocument(String mediaType, List<Section> sections) {
    public ParsedDocument {
        sections = List.copyOf(sections);
    }
}
