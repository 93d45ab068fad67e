package io.agentdeck.engine.chat;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.turn.Usage;

/** An agent's answer to one message, with the stored user message and reply. */
public record Reply(Agent agent, Message userMessage, Message reply, Usage usage, long durationMs) {
    public long conversationId() {
        return reply.conversationId();
    }

    public String text() {
        return reply.content();
    }
}
