package io.agentdeck.engine.knowledge;

import io.agentdeck.engine.Joined;
import io.agentdeck.engine.knowledge.index.PassageHit;
import io.agentdeck.engine.knowledge.index.PassageIndex;
import io.agentdeck.engine.store.KnowledgeStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds passages two ways at once — by meaning (the question's embedding) and by keywords — in the collections asked
 * for, through the index, then reads their text and documents from the store of record.
 */
public final class HybridRetriever implements KnowledgeRetriever {
    private final KnowledgeStore store;
    private final PassageIndex index;
    private final Embeddings embeddings;
    private final int maxResults;
    /** Cosine similarity of all-MiniLM-L6-v2 vectors above which a passage is about the question. */
    static final double MIN_SIMILARITY = 0.3;

    private static final Executor COLLECTIONS_READER =
            task -> Thread.ofVirtual().name("knowledge-collections").start(task);

    public HybridRetriever(KnowledgeStore store, PassageIndex index, Embeddings embeddings, int maxResults) {
        this.store = store;
        this.index = index;
        this.embeddings = embeddings;
        this.maxResults = maxResults;
    }

    /**
     * For a turn: the best passages that are about the question — close to it in meaning, or sharing an exact
     * identifier with it — so that a greeting is not answered with the manual. A search always ranks something; a turn
     * only gets what is relevant.
     */
    @Override
    public List<Passage> retrieve(long agentId, String query) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        // The agent's collections are read from the database while the question is embedded: neither needs the
        // other, and both stand between the question and the model. An agent that reads no collection, or an empty
        // index, wastes one embedding (a few milliseconds); every other agent gets its knowledge sooner. The index is
        // asked there too, so that one opened on first use opens beside the embedding model's own first load.
        CompletableFuture<Set<Long>> given = CompletableFuture.supplyAsync(
                () -> index.size() == 0 ? Set.<Long>of() : store.collectionsOf(agentId), COLLECTIONS_READER);
        float[] question = embeddings.embed(query);
        Set<Long> collections = Joined.join(given);
        if (collections.isEmpty()) {
            return List.of();
        }
        List<PassageHit> hits = index.search(query, question, collections, maxResults);
        Set<String> identifiers = Relevance.identifiersIn(query);
        // Hits far from the question in meaning can only count by naming one of its identifiers, which takes their
        // text; without identifiers they are dropped here, before anything is read from the database.
        List<PassageHit> candidates = identifiers.isEmpty()
                ? hits.stream().filter(HybridRetriever::closeInMeaning).toList()
                : hits;
        Map<Long, PassageHit> byPassage =
                candidates.stream().collect(Collectors.toMap(PassageHit::passageId, Function.identity()));
        return read(candidates).stream()
                .filter(passage -> closeInMeaning(byPassage.get(passage.passageId()))
                        || Relevance.mentionsAny(passage.text(), identifiers))
                .toList();
    }

    private static boolean closeInMeaning(PassageHit hit) {
        return hit.similarity() >= MIN_SIMILARITY;
    }

    /** The best passages for the query within the collections, best first: what a search box shows. */
    public List<Passage> search(String query, Set<Long> collections, int limit) {
        if (query == null || query.isBlank() || collections.isEmpty() || index.size() == 0) {
            return List.of();
        }
        return search(query, embeddings.embed(query), collections, limit);
    }

    private List<Passage> search(String query, float[] vector, Set<Long> collections, int limit) {
        return read(index.search(query, vector, collections, limit));
    }

    /** The hits' passages from the store of record, in the hits' order. */
    private List<Passage> read(List<PassageHit> hits) {
        if (hits.isEmpty()) {
            return List.of();
        }
        Map<Long, StoredPassage> passages = store
                .passages(hits.stream().map(PassageHit::passageId).toList())
                .stream()
                .collect(Collectors.toMap(StoredPassage::id, Function.identity()));
        Map<Long, Optional<String>> names = new HashMap<>();
        return hits.stream()
                .filter(hit -> passages.containsKey(hit.passageId()))
                .flatMap(hit -> {
                    StoredPassage passage = passages.get(hit.passageId());
                    Optional<String> name = names.computeIfAbsent(
                            passage.documentId(), id -> store.document(id).map(KnowledgeDocument::name));
                    // A document deleted between the search and this read is no longer an answer.
                    return name.stream()
                            .map(document -> new Passage(
                                    passage.id(),
                                    passage.documentId(),
                                    document,
                                    passage.text(),
                                    passage.page(),
                                    passage.heading(),
                                    passage.start(),
                                    hit.score()));
                })
                .toList();
    }
}
