package io.agentdeck.engine.knowledge.ingest;

import java.util.Optional;

/**
 * One passage as it is stored and indexed: its place in the document (0-based), its text, the page and heading it
 * came from, and where its text starts in the document's extracted text.
 */
public record Chunk(int ordinal, String text, Optional<Integer> page, Optional<String> heading, int start) {}
