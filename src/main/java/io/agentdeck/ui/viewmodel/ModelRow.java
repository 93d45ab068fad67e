package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.llm.LocalModel;
import io.agentdeck.engine.llm.ModelFileStatus;
import java.util.Locale;

/**
 * One model file as the Models page lists it. {@code progress} is how much of a download or copy has arrived (0 to
 * 1), or -1 when the total is not known.
 */
public record ModelRow(
        String id,
        String name,
        ModelFileStatus status,
        String sizeText,
        String quantization,
        String contextText,
        double progress,
        String error,
        boolean active) {

    static ModelRow of(LocalModel model, boolean active) {
        return new ModelRow(
                model.id(),
                model.name(),
                model.status(),
                KnowledgeDocumentRow.sizeText(
                        model.status() == ModelFileStatus.READY
                                ? model.sizeBytes()
                                : model.bytesTotal().orElse(model.bytesDone())),
                model.quantization().orElse("—"),
                model.contextLength()
                        .map(tokens -> String.format(Locale.ROOT, "%,d tokens", tokens))
                        .orElse("—"),
                model.status() == ModelFileStatus.READY ? 1 : model.progress().orElse(-1.0),
                model.error().orElse(""),
                active);
    }

    /** The same row as a download or copy moves on. */
    ModelRow withProgress(long bytes, long total) {
        return new ModelRow(
                id,
                name,
                ModelFileStatus.DOWNLOADING,
                sizeText,
                quantization,
                contextText,
                total > 0 ? Math.min(1, bytes / (double) total) : -1,
                "",
                active);
    }

    /** "in use", "ready", "arriving 42 %", "failed: …" as the status column shows it. */
    public String statusText() {
        return switch (status) {
            case READY -> active ? "in use" : "ready";
            case DOWNLOADING ->
                progress >= 0 ? String.format(Locale.ROOT, "arriving %.0f %%", progress * 100) : "arriving";
            case FAILED -> "failed: " + error;
        };
    }
}
