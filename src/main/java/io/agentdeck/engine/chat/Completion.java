package io.agentdeck.engine.chat;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.turn.Usage;

/**
 * An agent's answer to a stateless completion: nothing of it is stored. {@code truncated} is true when the model
 * stopped at its token limit rather than at the end of its answer.
 */
public record Completion(Agent agent, String text, Usage usage, long durationMs, boolean truncated) {}
