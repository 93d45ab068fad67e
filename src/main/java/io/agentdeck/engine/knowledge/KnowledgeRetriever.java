package io.agentdeck.engine.knowledge;

import java.util.List;

@FunctionalInterface
public interface KnowledgeRetriever {
    /** The most relevant passages for a query, best first; empty when nothing is relevant enough. */
    List<Passage> retrieve(String query);
}
