package io.agentdeck.engine.agent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A stored agent: one of the three core agents or a dynamic one designed by the Creator. */
public record Agent(
        long id,
        String name,
        AgentType type,
        String role,
        String systemPrompt,
        List<String> capabilities,
        Instant createdAt,
        Optional<Long> createdBy,
        Optional<String> reason) {

    public Agent {
        capabilities = List.copyOf(capabilities);
    }

    /** The model-style identifier used by the OpenAI-compatible endpoint, e.g. {@code driver}. */
    public String slug() {
        return AgentSlug.of(name);
    }
}
