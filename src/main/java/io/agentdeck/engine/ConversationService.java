package io.agentdeck.engine;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.chat.Conversation;
import io.agentdeck.engine.store.ConversationStore;
import java.util.List;
import java.util.Optional;

/** The threads area: an agent's threads, creating, renaming and deleting them. */
public final class ConversationService {
    private static final int MAX_TITLE = 200;

    private final InitializationGate gate;
    private final ConversationStore conversations;
    private final AgentService agents;

    public ConversationService(InitializationGate gate, ConversationStore conversations, AgentService agents) {
        this.gate = gate;
        this.conversations = conversations;
        this.agents = agents;
    }

    /** The agent's threads, its default thread included (made on first use). */
    public List<Conversation> of(long agentId) {
        Agent agent = agents.require(agentId);
        conversations.defaultFor(agent.id());
        return conversations.findByAgent(agent.id());
    }

    /** The agent's thread with that id, or its default thread when no id is given. */
    public Conversation ofAgent(long agentId, Optional<Long> conversationId) {
        Agent agent = agents.require(agentId);
        if (conversationId.isEmpty()) {
            return conversations.defaultFor(agent.id());
        }
        return conversations
                .findById(conversationId.get())
                .filter(conversation -> conversation.agentId() == agent.id())
                .orElseThrow(() -> EngineException.notFound(
                        "Agent " + agent.id() + " has no conversation with id " + conversationId.get() + "."));
    }

    public Conversation create(long agentId, String title) {
        Agent agent = agents.require(agentId);
        return conversations.create(agent.id(), validTitle(title));
    }

    public Conversation rename(long conversationId, String title) {
        require(conversationId);
        return conversations.rename(conversationId, validTitle(title));
    }

    public void delete(long conversationId) {
        if (require(conversationId).isDefault()) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    "The default conversation cannot be deleted.",
                    "Delete a named thread instead.",
                    null);
        }
        conversations.delete(conversationId);
    }

    public Conversation require(long conversationId) {
        gate.require();
        return conversations
                .findById(conversationId)
                .orElseThrow(() -> EngineException.notFound("No conversation with id " + conversationId + "."));
    }

    private static String validTitle(String title) {
        if (title == null || title.isBlank()) {
            throw EngineException.invalid("'title' must not be empty.");
        }
        if (title.strip().length() > MAX_TITLE) {
            throw EngineException.invalid("'title' must be at most " + MAX_TITLE + " characters.");
        }
        return title.strip();
    }
}
