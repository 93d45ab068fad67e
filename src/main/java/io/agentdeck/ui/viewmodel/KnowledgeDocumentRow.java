package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.knowledge.DocumentStatus;
import io.agentdeck.engine.knowledge.KnowledgeDocument;
import java.util.Locale;

/**
 * One document as the Knowledge page lists it. {@code progress} is how far indexing is (0 to 1), or -1 while it waits
 * or before anything was embedded.
 */
public record KnowledgeDocumentRow(
        long id, String name, DocumentStatus status, String sizeText, int passages, String error, double progress) {

    static KnowledgeDocumentRow of(KnowledgeDocument document) {
        return new KnowledgeDocumentRow(
                document.id(),
                document.name(),
                document.status(),
                sizeText(document.sizeBytes()),
                document.chunks(),
                document.error().orElse(""),
                document.status() == DocumentStatus.READY ? 1 : -1);
    }

    KnowledgeDocumentRow withProgress(DocumentStatus next, int done, int total, String reason) {
        double fraction = total > 0 ? (double) done / total : next == DocumentStatus.READY ? 1 : -1;
        return new KnowledgeDocumentRow(
                id, name, next, sizeText, next == DocumentStatus.READY ? total : passages, reason, fraction);
    }

    /** "indexing 40 %", "ready", "failed" … as the status column shows it. */
    public String statusText() {
        if (status == DocumentStatus.INDEXING && progress >= 0) {
            return String.format(Locale.ROOT, "indexing %.0f %%", progress * 100);
        }
        return status.wireName();
    }

    static String sizeText(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
