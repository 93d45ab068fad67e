package io.agentdeck.engine.chat;

import io.agentdeck.engine.turn.Speed;
import java.util.Optional;

/**
 * Per-agent figures for the dashboard and {@code GET /api/agents/{id}}; {@code averageSpeed} averages the streamed
 * replies' time to first token and tokens per second, and is empty until one was measured.
 */
public record AgentStats(
        long messages, long replies, double averageLatencyMs, long totalTokens, Optional<Speed> averageSpeed) {
    public static final AgentStats EMPTY = new AgentStats(0, 0, 0, 0);

    public AgentStats(long messages, long replies, double averageLatencyMs, long totalTokens) {
        this(messages, replies, averageLatencyMs, totalTokens, Optional.empty());
    }
}
