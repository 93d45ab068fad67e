package io.agentdeck.engine.store;

import io.agentdeck.engine.chat.Conversation;
import java.util.List;
import java.util.Optional;

public interface ConversationStore {
    /** The agent's default thread, created on first use. */
    Conversation defaultFor(long agentId);

    Conversation create(long agentId, String title);

    /** The agent's threads, default first, then most recently updated. */
    List<Conversation> findByAgent(long agentId);

    Optional<Conversation> findById(long id);

    Conversation rename(long id, String title);

    /** Deletes the thread and its messages. */
    void delete(long id);
}
