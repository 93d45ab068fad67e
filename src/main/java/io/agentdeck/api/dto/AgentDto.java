package io.agentdeck.api.dto;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentStatus;
import java.time.Instant;
import java.util.List;

public record AgentDto(
        long id,
        String name,
        String type,
        String role,
        String status,
        List<String> capabilities,
        Instant createdAt,
        Long createdBy,
        String reason,
        int maxParallel,
        List<String> tools) {

    /** {@code maxParallel}: how many replies the agent generates at once now (its own limit or the default). */
    public static AgentDto of(Agent agent, AgentStatus status, int maxParallel) {
        return new AgentDto(
                agent.id(),
                agent.name(),
                agent.type().wireName(),
                agent.role(),
                status.wireName(),
                agent.capabilities(),
                agent.createdAt(),
                agent.createdBy().orElse(null),
                agent.reason().orElse(null),
                maxParallel,
                agent.tools());
    }
}
