package io.agentdeck.engine.knowledge;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.List;
import java.util.function.Supplier;

/**
 * The in-process embedding model, created on first use: loading it costs about a second that a start without
 * knowledge work should not pay.
 */
public final class Embeddings {
    private final Supplier<EmbeddingModel> factory;
    private volatile EmbeddingModel model;

    public Embeddings(Supplier<EmbeddingModel> factory) {
        this.factory = factory;
    }

    public float[] embed(String text) {
        return model().embed(text).content().vector();
    }

    public List<float[]> embedAll(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return model().embedAll(segments).content().stream()
                .map(Embedding::vector)
                .toList();
    }

    private EmbeddingModel model() {
        EmbeddingModel current = model;
        if (current == null) {
            synchronized (this) {
                if (model == null) {
                    model = factory.get();
                }
                current = model;
            }
        }
        return current;
    }
}
