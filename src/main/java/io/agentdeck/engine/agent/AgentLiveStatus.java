package io.agentdeck.engine.agent;

import java.time.Instant;
import java.util.Optional;

/** An agent's status as {@code GET /api/agents/{id}/status} and the dashboard show it. */
public record AgentLiveStatus(
        long agentId,
        String agentName,
        AgentStatus status,
        Optional<Long> currentTaskId,
        int queueLength,
        Optional<Instant> lastActiveAt) {}
