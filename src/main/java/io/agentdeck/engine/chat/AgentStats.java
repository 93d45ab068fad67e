package io.agentdeck.engine.chat;

/** Per-agent figures for the dashboard and {@code GET /api/agents/{id}}. */
public record AgentStats(long messages, long replies, double averageLatencyMs, long totalTokens) {
    public static final AgentStats EMPTY = new AgentStats(0, 0, 0, 0);
}
