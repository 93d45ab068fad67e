package io.agentdeck.engine.turn;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.model.Generation;
import java.util.Optional;

/** Who makes a tool call, the generation that cancelling stops, and the stored question it helps answer, if any. */
public record ToolCallContext(Agent agent, Generation generation, Optional<TurnOrigin> origin) {}
