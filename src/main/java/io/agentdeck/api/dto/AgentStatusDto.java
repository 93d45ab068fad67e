package io.agentdeck.api.dto;

import io.agentdeck.engine.agent.AgentLiveStatus;
import java.time.Instant;

public record AgentStatusDto(
        long agentId, String agentName, String status, Long currentTaskId, int queueLength, Instant lastActiveAt) {

    public static AgentStatusDto of(AgentLiveStatus status) {
        return new AgentStatusDto(
                status.agentId(),
                status.agentName(),
                status.status().wireName(),
                status.currentTaskId().orElse(null),
                status.queueLength(),
                status.lastActiveAt().orElse(null));
    }
}
