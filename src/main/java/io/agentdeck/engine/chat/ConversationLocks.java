package io.agentdeck.engine.chat;

import java.util.Optional;

/**
 * Keeps a conversation's order when several nodes share the database. A node holds a conversation from the moment it
 * stores a question in it until its lane has answered every question it took for it; another node's question to the
 * same conversation waits, before it is stored, until the hold is let go. So a thread's history reads in the order
 * its questions were answered, and each answer saw every earlier exchange, whichever node took each message. On one
 * node the agent's lane keeps that order by itself ({@link #NONE}).
 */
public interface ConversationLocks extends AutoCloseable {
    /** One node: the lanes order each conversation, and nothing needs holding. */
    ConversationLocks NONE = new ConversationLocks() {
        @Override
        public Optional<Hold> tryHold(long conversationId) {
            return Optional.of(Hold.NOTHING);
        }

        @Override
        public void close() {}
    };

    /** A hold taken at once: this node holds the conversation already, or nobody did. Empty: another node does. */
    Optional<Hold> tryHold(long conversationId);

    @Override
    void close();

    /** Let go once the question it was taken for has been answered, or failed. */
    interface Hold {
        Hold NOTHING = () -> {};

        void release();
    }
}
