package io.agentdeck.engine.knowledge.ingest;

import java.nio.file.Path;

/**
 * The port that turns a file into text: PDF, DOCX, PPTX, XLSX, HTML, Markdown, plain text and source code. It reads
 * within {@link ParseLimits} (bytes, extracted characters, nesting, time), so a zip bomb or a huge file costs bounded
 * memory, and refuses anything it cannot read with a {@link DocumentRejected} that says why.
 */
public interface DocumentParser {
    /**
     * Reads {@code file} within {@code limits}.
     *
     * @throws DocumentRejected the file cannot be indexed; the reason is meant for the person who added it
     * @throws java.util.concurrent.CancellationException the calling thread was interrupted: the read was given up,
     *     which says nothing about the file (the thread's interrupt flag is set again)
     */
    ParsedDocument parse(Path file, ParseLimits limits) throws DocumentRejected;
}
