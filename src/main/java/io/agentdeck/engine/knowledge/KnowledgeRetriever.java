package io.agentdeck.engine.knowledge;

import java.util.List;

/** What a turn needs of the knowledge base: the passages an agent may read that best answer a question. */
@FunctionalInterface
public interface KnowledgeRetriever {
    /**
     * The most relevant passages for the query within the agent's collections, best first; empty when nothing is
     * relevant enough or the agent reads no collection.
     */
    List<Passage> retrieve(long agentId, String query);
}
