package io.agentdeck.engine.knowledge.ingest;

import java.util.List;

/**
 * What a parser read from a file: its detected media type (without parameters, such as {@code application/pdf}) and
 * its text in document order, as sections.
 */
public record ParsedDocument(String mediaType, List<Section> sections) {
    /** What stands between two sections in {@link #text()}: a paragraph break. */
    public static final String SECTION_SEPARATOR = "\n\n";

    public ParsedDocument {
        sections = List.copyOf(sections);
    }

    /** The whole text: the sections joined by {@link #SECTION_SEPARATOR}; {@link Chunk#start()} counts in it. */
    public String text() {
        return String.join(
                SECTION_SEPARATOR, sections.stream().map(Section::text).toList());
    }
}
