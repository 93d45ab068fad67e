package io.agentdeck.engine.chat;

import io.agentdeck.engine.turn.Usage;
import java.time.Instant;
import java.util.Optional;

/**
 * One stored line of a conversation. Agent replies carry their latency and token usage; a tool message (role
 * {@link MessageRole#TOOL}) carries the call it records, its content is the result the model read.
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
        Optional<ToolCallInfo> tool) {

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
