package io.agentdeck.engine.knowledge.ingest;

import java.nio.file.Path;

/**
 * The port that turns a file into text: PDF, DOCX, PPTX, XLSX, HTML, Markdown, plain text and source code. It reads
 * within {@link ParseLimits} (bytes, extracted characters, nesting, time), so a zip bomb or a huge file costs bounded
 * memory, and refuses anything it cannot read with a {@link DocumentRejected} that says why.
 */
public interface DocumentParser {
    ParsedDocument parse(Path file, ParseLimits limits) throws DocumentRejected;
}
