package io.agentdeck.engine.store;

import io.agentdeck.engine.chat.AgentStats;
import io.agentdeck.engine.chat.Exchange;
import io.agentdeck.engine.chat.Message;
import io.agentdeck.engine.chat.MessagePage;
import io.agentdeck.engine.chat.NewMessage;
import io.agentdeck.engine.chat.ReplyLatency;
import java.util.List;
import java.util.Optional;

public interface MessageStore {
    /** Commits the message in its own transaction before returning it; also touches the thread's updated_at. */
    Message append(NewMessage message);

    /**
     * Up to {@code limit} messages of the agent, optionally of one thread, with ids below {@code beforeId},
     * returned oldest first.
     */
    MessagePage page(long agentId, Optional<Long> conversationId, Optional<Long> beforeId, int limit);

    /**
     * How many messages of the thread with ids below {@code beforeId} contain {@code text}, ignoring case: find in a
     * thread counts the matches that are not loaded yet.
     */
    long countContaining(long conversationId, Optional<Long> beforeId, String text);

    /**
     * The thread's latest {@code limit} answered questions asked before {@code beforeId}, each with its answer, oldest
     * first: the model's memory of the thread is this view of its messages, not a copy of them.
     */
    List<Exchange> recentExchanges(long conversationId, long beforeId, int limit);

    AgentStats statsFor(long agentId);

    /** The agent's latest {@code limit} timed replies, oldest first: the dashboard's chart starts from them. */
    List<ReplyLatency> recentReplyLatencies(long agentId, int limit);
}
