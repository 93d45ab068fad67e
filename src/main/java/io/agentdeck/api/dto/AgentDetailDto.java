package io.agentdeck.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.chat.AgentStats;
import io.agentdeck.engine.turn.Speed;
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

    /** The figures; the two speed averages only once a streamed reply was measured. */
    public record Stats(
            long messages,
            long replies,
            double averageLatencyMs,
            long totalTokens,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long averageTtftMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double averageTokensPerSecond) {}

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
                new Stats(
                        stats.messages(),
                        stats.replies(),
                        stats.averageLatencyMs(),
                        stats.totalTokens(),
                        stats.averageSpeed().map(Speed::ttftMs).orElse(null),
                        stats.averageSpeed().map(Speed::tokensPerSecond).orElse(null)));
    }
}
