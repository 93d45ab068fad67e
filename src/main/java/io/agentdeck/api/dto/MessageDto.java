package io.agentdeck.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentdeck.engine.chat.Message;
import java.time.Instant;
import java.util.List;

/**
 * A stored message; a tool message (role {@code tool}) also has {@code tool}: the call, its status and duration; a reply
 * that used the knowledge base has {@code citations}, the passages its {@code [n]} marks point at.
 */
public record MessageDto(
        long id,
        long agentId,
        long conversationId,
        String role,
        String content,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) ToolCallDto tool,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<KnowledgeDtos.CitationDto> citations,
        @JsonInclude(JsonInclude.Include.NON_NULL) ReplyDto.UsageDto usage) {

    public static MessageDto of(Message message) {
        return new MessageDto(
                message.id(),
                message.agentId(),
                message.conversationId(),
                message.role().wireName(),
                message.content(),
                message.createdAt(),
                message.tool()
                        .map(call -> ToolCallDto.of(call, message.durationMs().orElse(0L)))
                        .orElse(null),
                KnowledgeDtos.CitationDto.listOf(message.citations()),
                message.usage().map(ReplyDto.UsageDto::of).orElse(null));
    }
}
