package io.agentdeck.api.dto;

import io.agentdeck.engine.chat.Message;
import java.time.Instant;

public record MessageDto(long id, long agentId, long conversationId, String role, String content, Instant createdAt) {
    public static MessageDto of(Message message) {
        return new MessageDto(
                message.id(),
                message.agentId(),
                message.conversationId(),
                message.role().wireName(),
                message.content(),
                message.createdAt());
    }
}
