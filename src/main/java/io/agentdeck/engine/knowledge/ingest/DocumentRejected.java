package io.agentdeck.engine.knowledge.ingest;

/**
 * A file that cannot be indexed, with a reason a person understands ("The PDF is encrypted", "The file is larger than
 * the 200 MB limit"): it becomes the document's error, and nothing else is affected.
 */
public final class DocumentRejected extends Exception {
    private static final long serialVersionUID = 1L;

    public DocumentRejected(String reason) {
        super(reason, null, false, false);
    }

    public DocumentRejected(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
