package io.agentdeck.api.openai;

import io.agentdeck.engine.agent.Agent;
import java.util.List;

/** {@code GET /v1/models}: every agent as a model whose id is the agent's slug. */
record ModelListDto(String object, List<ModelDto> data) {

    record ModelDto(String id, String object, long created, String ownedBy) {
        static ModelDto of(Agent agent) {
            return new ModelDto(agent.slug(), "model", agent.createdAt().getEpochSecond(), "agentdeck");
        }
    }

    static ModelListDto of(List<Agent> agents) {
        return new ModelListDto("list", agents.stream().map(ModelDto::of).toList());
    }
}
