package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.chat.Citation;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What the chat shows for one source of an answer: the document's name, where in it the passage is, the passage as
 * it was given to the agent, the file to open when it is still there, and otherwise a notice saying why not.
 */
public record SourcePreview(
        int n, String document, String location, String passage, Optional<URI> file, Optional<String> notice) {

    static final String DOCUMENT_GONE = "The document is no longer in the knowledge base.";

    public SourcePreview {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(passage, "passage");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(notice, "notice");
    }

    /** The citation as stored with the answer, before anything about its document is known. */
    static SourcePreview of(Citation citation, Optional<URI> file, Optional<String> notice) {
        return new SourcePreview(
                citation.n(), citation.document(), location(citation), citation.passage(), file, notice);
    }

    /** Where the passage is: {@code page 3}, {@code under 'Quota errors'}, both, or empty when neither is known. */
    public static String location(Citation citation) {
        String page = citation.page().map(number -> "page " + number).orElse("");
        String heading = citation.heading()
                .filter(text -> !text.isBlank())
                .map(text -> "under '" + text.strip() + "'")
                .orElse("");
        return page.isEmpty() || heading.isEmpty() ? page + heading : page + ", " + heading;
    }

    /** A chip's text: {@code [1] errors.md · under 'Quota errors'}. */
    public static String chipText(Citation citation) {
        String location = location(citation);
        return "[" + citation.n() + "] " + citation.document() + (location.isEmpty() ? "" : " · " + location);
    }
}
