package io.agentdeck.engine.chat;

import io.agentdeck.engine.turn.Usage;
import java.time.Instant;
import java.util.Optional;

/** One stored line of a conversation. Agent replies carry their latency and token usage. */
public record Message(
        long id,
        long agentId,
        long conversationId,
        MessageRole role,
        String content,
        Instant createdAt,
        Optional<Usage> usage,
        Optional<Long> durationMs) {}
