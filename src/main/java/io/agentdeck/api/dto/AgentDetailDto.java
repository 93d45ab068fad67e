package io.agentdeck.api.dto;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.chat.AgentStats;
import java.time.Instant;
import java.util.List;

public record AgentDetailDto(
        long id,
        String name,
        String slug,
        String type,
        String role,
        String status,
        List<String> capabilities,
        Instant createdAt,
        Long createdBy,
        String reason,
        String systemPrompt,
        int maxParallel,
        List<String> tools,
        Stats stats) {

    public record Stats(long messages, long replies, double averageLatencyMs, long totalTokens) {}

    public static AgentDetailDto of(Agent agent, AgentStatus status, AgentStats stats, int maxParallel) {
        return new AgentDetailDto(
                agent.id(),
                agent.name(),
                agent.slug(),
                agent.type().wireName(),
                agent.role(),
                status.wireName(),
                agent.capabilities(),
                agent.createdAt(),
                agent.createdBy().orElse(null),
                agent.reason().orElse(null),
                agent.systemPrompt(),
                maxParallel,
                agent.tools(),
                new Stats(stats.messages(), stats.replies(), stats.averageLatencyMs(), stats.totalTokens()));
    }
}
