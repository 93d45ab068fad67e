package io.agentdeck.engine.knowledge;

import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knowledge v1: documents split into passages, embedded by an in-process model (no network), kept in memory, and
 * searched by meaning. The embedding model is created on first use because loading it costs about a second, and a
 * question that shares no distinctive word with any passage is not embedded at all (see {@link TermGate}).
 */
public final class KnowledgeBase implements KnowledgeRetriever {
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeBase.class);
    private static final String SOURCE = "source";

    private final Supplier<EmbeddingModel> modelFactory;
    private final DocumentSplitter splitter = DocumentSplitters.recursive(600, 80);
    private final InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    private final Map<String, Integer> chunksBySource = new ConcurrentHashMap<>();
    private final TermGate gate = new TermGate();
    private final int maxResults;
    private final double minScore;
    private volatile EmbeddingModel model;

    public KnowledgeBase(Supplier<EmbeddingModel> modelFactory, int maxResults, double minScore) {
        this.modelFactory = modelFactory;
        this.maxResults = maxResults;
        this.minScore = minScore;
    }

    /** Adds a document unless one with the same source is already loaded; returns the passages it added. */
    public synchronized int add(String source, String text) {
        if (chunksBySource.containsKey(source)) {
            return 0;
        }
        Document document = Document.from(text, Metadata.from(SOURCE, source));
        List<TextSegment> segments = splitter.split(document);
        List<Embedding> embeddings = model().embedAll(segments).content();
        store.addAll(embeddings, segments);
        segments.forEach(segment -> gate.addPassage(segment.text()));
        chunksBySource.put(source, segments.size());
        LOG.info("Knowledge: added {} ({} passages)", source, segments.size());
        return segments.size();
    }

    public KnowledgeStats stats() {
        return new KnowledgeStats(
                chunksBySource.size(),
                chunksBySource.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Override
    public List<Passage> retrieve(String query) {
        if (chunksBySource.isEmpty() || query == null || query.isBlank() || !gate.mayMatch(query)) {
            return List.of();
        }
        Embedding queryEmbedding = model().embed(query).content();
        List<EmbeddingMatch<TextSegment>> matches = store.search(EmbeddingSearchRequest.builder()
                        .queryEmbedding(queryEmbedding)
                        .maxResults(maxResults)
                        .minScore(minScore)
                        .build())
                .matches();
        return matches.stream()
                .map(match -> new Passage(
                        match.embedded().text(), match.embedded().metadata().getString(SOURCE), match.score()))
                .toList();
    }

    private EmbeddingModel model() {
        EmbeddingModel current = model;
        if (current == null) {
            synchronized (this) {
                if (model == null) {
                    model = modelFactory.get();
                }
                current = model;
            }
        }
        return current;
    }
}
