package io.agentdeck.engine.knowledge;

import io.agentdeck.engine.knowledge.index.PassageHit;
import io.agentdeck.engine.knowledge.index.PassageIndex;
import io.agentdeck.engine.store.KnowledgeStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    public HybridRetriever(KnowledgeStore store, PassageIndex index, Embeddings embeddings, int maxResults) {
        this.store = store;
        this.index = index;
        this.embeddings = embeddings;
        this.maxResults = maxResults;
    }

    @Override
    public List<Passage> retrieve(long agentId, String query) {
        return search(query, store.collectionsOf(agentId), maxResults);
    }

    /** The best passages for the query within the collections, best first. */
    public List<Passage> search(String query, Set<Long> collections, int limit) {
        if (query == null || query.isBlank() || collections.isEmpty() || index.size() == 0) {
            return List.of();
        }
        List<PassageHit> hits = index.search(query, embeddings.embed(query), collections, limit);
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
