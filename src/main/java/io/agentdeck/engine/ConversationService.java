package io.agentdeck.engine;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentRegistry;
import io.agentdeck.engine.chat.Conversation;
import io.agentdeck.engine.store.ConversationStore;
import java.util.List;

/** The threads area: an agent's threads, creating, renaming and deleting them. */
public final class ConversationService {
    private static final int MAX_TITLE = 200;

    private final InitializationGate gate;
    private final ConversationStore conversations;
    private final AgentRegistry registry;

    public ConversationService(InitializationGate gate, ConversationStore conversations, AgentRegistry registry) {
        this.gate = gate;
        this.conversations = conversations;
        this.registry = registry;
    }

    /** The agent's threads, its default thread included (made on first use). */
    public List<Conversation> of(long agentId) {
        Agent agent = agent(agentId);
        conversations.defaultFor(agent.id());
        return conversations.findByAgent(agent.id());
    }

    public Conversation create(long agentId, String title) {
        Agent agent = agent(agentId);
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

    private Agent agent(long agentId) {
        gate.require();
        return registry.require(agentId);
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
