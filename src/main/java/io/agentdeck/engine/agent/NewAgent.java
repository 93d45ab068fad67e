package io.agentdeck.engine.agent;

import java.util.List;
import java.util.Optional;

/** An agent about to be stored; the store assigns id and creation time. */
public record NewAgent(
        String name,
        AgentType type,
        String role,
        String systemPrompt,
        List<String> capabilities,
        Optional<Long> createdBy,
        Optional<String> reason,
        List<String> tools) {

    public NewAgent {
        capabilities = List.copyOf(capabilities);
        tools = List.copyOf(tools);
    }

    /** An agent without tools. */
    public NewAgent(
            String name,
            AgentType type,
            String role,
            String systemPrompt,
            List<String> capabilities,
            Optional<Long> createdBy,
            Optional<String> reason) {
        this(name, type, role, systemPrompt, capabilities, createdBy, reason, List.of());
    }
}
