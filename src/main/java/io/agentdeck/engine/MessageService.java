package io.agentdeck.engine;

import io.agentdeck.engine.chat.ChatService;
import io.agentdeck.engine.chat.Completion;
import io.agentdeck.engine.chat.Conversation;
import io.agentdeck.engine.chat.MessagePage;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.chat.Reply;
import io.agentdeck.engine.store.MessageStore;
import io.agentdeck.engine.turn.ChatTurn;
import io.agentdeck.engine.turn.TokenListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The messages area: sending (stored or stateless, blocking or not), the history and searching it. */
public final class MessageService {
    private final InitializationGate gate;
    private final ChatService chat;
    private final MessageStore messages;
    private final ConversationService conversations;

    public MessageService(
            InitializationGate gate, ChatService chat, MessageStore messages, ConversationService conversations) {
        this.gate = gate;
        this.chat = chat;
        this.messages = messages;
        this.conversations = conversations;
    }

    public CompletableFuture<Reply> sendAsync(MessageRequest request, Optional<TokenListener> listener) {
        gate.require();
        return chat.send(request, listener);
    }

    /** Blocks until the reply is there; failures arrive as {@link EngineException}. */
    public Reply send(MessageRequest request, Optional<TokenListener> listener) {
        return join(sendAsync(request, listener));
    }

    /**
     * Answers as the agent over the caller's turns, queued in its lane like any message (so it shows busy and idle),
     * but stateless: no history, memory or error entry is written. Validation, an unknown agent and a missing model
     * fail at once; the rest arrives through the future as an {@link EngineException}.
     */
    public CompletableFuture<Completion> completeAsync(
            long agentId, List<ChatTurn> turns, Optional<TokenListener> listener) {
        gate.require();
        return chat.complete(agentId, turns, listener);
    }

    /** Blocks until the completion is there; failures arrive as {@link EngineException}. */
    public Completion complete(long agentId, List<ChatTurn> turns) {
        return join(completeAsync(agentId, turns, Optional.empty()));
    }

    public MessagePage history(long agentId, Optional<Long> conversationId, Optional<Long> beforeId, int limit) {
        Conversation conversation = conversations.ofAgent(agentId, conversationId);
        return messages.page(agentId, Optional.of(conversation.id()), beforeId, limit);
    }

    /**
     * How many messages of the thread with ids below {@code beforeId} contain {@code text}, ignoring case; a blank
     * text matches nothing.
     */
    public long countMatches(long agentId, Optional<Long> conversationId, Optional<Long> beforeId, String text) {
        Conversation conversation = conversations.ofAgent(agentId, conversationId);
        return text.isBlank() ? 0 : messages.countContaining(conversation.id(), beforeId, text);
    }

    private static <T> T join(CompletableFuture<T> reply) {
        try {
            return reply.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof EngineException engineException) {
                throw engineException;
            }
            throw e;
        } catch (CancellationException e) {
            throw new EngineException(ErrorKind.CANCELLED, "The message was cancelled.");
        }
    }
}
