package io.agentdeck.engine.agent;

import io.agentdeck.engine.model.ModelSettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A stored agent: one of the three core agents or a dynamic one designed by the Creator, with the tools it may call.
 */
public record Agent(
        long id,
        String name,
        AgentType type,
        String role,
        String systemPrompt,
        List<String> capabilities,
        Instant createdAt,
        Optional<Long> createdBy,
        Optional<String> reason,
        Optional<Integer> maxParallel,
        List<String> tools) {

    public Agent {
        capabilities = List.copyOf(capabilities);
        tools = List.copyOf(tools);
        maxParallel.ifPresent(ModelSettings::checkMaxParallel);
    }

    /** An agent without its own limit on parallel generations: the settings' default applies. */
    public Agent(
            long id,
            String name,
            AgentType type,
            String role,
            String systemPrompt,
            List<String> capabilities,
            Instant createdAt,
            Optional<Long> createdBy,
            Optional<String> reason) {
        this(
                id,
                name,
                type,
                role,
                systemPrompt,
                capabilities,
                createdAt,
                createdBy,
                reason,
                Optional.empty(),
                List.of());
    }

    public Agent withMaxParallel(Optional<Integer> limit) {
        return new Agent(id, name, type, role, systemPrompt, capabilities, createdAt, createdBy, reason, limit, tools);
    }

    /** The agent with these tools (names from the tool catalog) to call in its turns. */
    public Agent withTools(List<String> names) {
        return new Agent(
                id, name, type, role, systemPrompt, capabilities, createdAt, createdBy, reason, maxParallel, names);
    }

    /** The model-style identifier used by the OpenAI-compatible endpoint, e.g. {@code driver}. */
    public String slug() {
        return AgentSlug.of(name);
    }
}
