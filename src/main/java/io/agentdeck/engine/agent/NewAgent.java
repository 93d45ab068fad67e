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
        Optional<String> reason) {

    public NewAgent {
        capabilities = List.copyOf(capabilities);
    }
}
