package io.agentdeck.engine;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.knowledge.KnowledgeStats;
import java.util.List;

public record InitResult(List<Agent> agents, KnowledgeStats knowledge) {
    public InitResult {
        agents = List.copyOf(agents);
    }
}
