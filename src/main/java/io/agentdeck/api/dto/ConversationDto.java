package io.agentdeck.api.dto;

import io.agentdeck.engine.chat.Conversation;
import java.time.Instant;

public record ConversationDto(
        long id, long agentId, String title, boolean isDefault, Instant createdAt, Instant updatedAt) {
    public static ConversationDto of(Conversation conversation) {
        return new ConversationDto(
                conversation.id(),
                conversation.agentId(),
                conversation.title(),
                conversation.isDefault(),
                conversation.createdAt(),
                conversation.updatedAt());
    }
}
