package io.agentdeck.engine.creator;

import java.util.List;

/** What the Creator designs for a new agent, checked by {@link AgentSpecParser} before anything is stored. */
public record AgentSpec(String name, String role, String systemPrompt, List<String> capabilities, List<String> tools) {
    public AgentSpec {
        capabilities = List.copyOf(capabilities);
        tools = List.copyOf(tools);
    }

    /** A design that proposes no tools. */
    public AgentSpec(String name, String role, String systemPrompt, List<String> capabilities) {
        this(name, role, systemPrompt, capabilities, List.of());
    }
}
