package io.agentdeck.engine.chat;

import io.agentdeck.engine.turn.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One stored line of a conversation. Agent replies carry their latency and token usage; a tool message (role
 * {@link MessageRole#TOOL}) carries the call it records, its content is the result the model read. A reply that used
 * the knowledge base lists the passages its text marks {@code [n]}.
 */
public record Message(
        long id,
        long agentId,
        long conversationId,
        MessageRole role,
        String content,
        Instant createdAt,
        Optional<Usage> usage,
        Optional<Long> durationMs,
        Optional<ToolCallInfo> tool,
        List<Citation> citations) {

    public Message {
        citations = List.copyOf(citations);
    }

    public Message(
            long id,
            long agentId,
            long conversationId,
            MessageRole role,
            String content,
            Instant createdAt,
            Optional<Usage> usage,
            Optional<Long> durationMs,
            Optional<ToolCallInfo> tool) {
        this(id, agentId, conversationId, role, content, createdAt, usage, durationMs, tool, List.of());
    }

    public Message(
            long id,
            long agentId,
            long conversationId,
            MessageRole role,
            String content,
            Instant createdAt,
            Optional<Usage> usage,
            Optional<Long> durationMs) {
        this(id, agentId, conversationId, role, content, createdAt, usage, durationMs, Optional.empty());
    }
}
