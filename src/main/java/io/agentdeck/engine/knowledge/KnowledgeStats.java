package io.agentdeck.engine.knowledge;

public record KnowledgeStats(int documents, int chunks) {
    public static final KnowledgeStats EMPTY = new KnowledgeStats(0, 0);
}
