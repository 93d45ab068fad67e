package io.agentdeck.engine.knowledge;

import java.util.List;
import java.util.Set;

/** What a turn needs of the knowledge base: the passages an agent may read that best answer a question. */
@FunctionalInterface
public interface KnowledgeRetriever {
    /**
     * The most relevant passages for the query within the agent's collections, best first; empty when nothing is
     * relevant enough or the agent reads no collection.
     */
    List<Passage> retrieve(long agentId, String query);

    /** As {@link #retrieve(long, String)}, leaving out the passages of these documents. */
    default List<Passage> retrieve(long agentId, String query, Set<Long> hiddenDocuments) {
        List<Passage> found = retrieve(agentId, query);
        if (hiddenDocuments.isEmpty()) {
            return found;
        }
        return found.stream()
                .filter(passage -> !hiddenDocuments.contains(passage.documentId()))
                .toList();
    }
}
