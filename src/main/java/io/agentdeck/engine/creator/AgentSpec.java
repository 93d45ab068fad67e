package io.agentdeck.engine.creator;

import java.util.List;

/** What the Creator designs for a new agent, checked by {@link AgentSpecParser} before anything is stored. */
public record AgentSpec(String name, String role, String systemPrompt, List<String> capabilities) {
    public AgentSpec {
        capabilities = List.copyOf(capabilities);
    }
}
