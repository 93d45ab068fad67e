package io.agentdeck.engine.chat;

import java.util.Optional;

public record NewMessage(
        long agentId,
        long conversationId,
        MessageRole role,
        String content,
        Optional<Usage> usage,
        Optional<Long> durationMs) {

    public static NewMessage of(long agentId, long conversationId, MessageRole role, String content) {
        return new NewMessage(agentId, conversationId, role, content, Optional.empty(), Optional.empty());
    }
}
