package io.agentdeck.engine.turn;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.knowledge.TurnSources;
import io.agentdeck.engine.model.Generation;
import java.util.List;
import java.util.Optional;

/**
 * Who makes a tool call, the generation that cancelling stops, the stored question it helps answer, if any, and the
 * knowledge passages the turn has shown its model so far (a search numbers its passages after them).
 */
public record ToolCallContext(Agent agent, Generation generation, Optional<TurnOrigin> origin, TurnSources sources) {

    /** A call outside a turn that has shown knowledge, such as a test's or the API's. */
    public ToolCallContext(Agent agent, Generation generation, Optional<TurnOrigin> origin) {
        this(agent, generation, origin, new TurnSources(List.of()));
    }
}
