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
        String reason) {

    public static AgentDto of(Agent agent, AgentStatus status) {
        return new AgentDto(
                agent.id(),
                agent.name(),
                agent.type().wireName(),
                agent.role(),
                status.wireName(),
                agent.capabilities(),
                agent.createdAt(),
                agent.createdBy().orElse(null),
                agent.reason().orElse(null));
    }
}
