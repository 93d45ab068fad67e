package io.agentdeck.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentdeck.engine.chat.Reply;
import io.agentdeck.engine.turn.Speed;
import io.agentdeck.engine.turn.Usage;
import java.util.List;

public record ReplyDto(
        long agentId,
        String agentName,
        long messageId,
        long userMessageId,
        long conversationId,
        String response,
        UsageDto usage,
        long durationMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<KnowledgeDtos.CitationDto> citations) {

    /** Tokens, and for a streamed reply how fast it came: {@code ttft_ms} and {@code tokens_per_second}. */
    public record UsageDto(
            int promptTokens,
            int completionTokens,
            int totalTokens,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long ttftMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double tokensPerSecond) {
        public static UsageDto of(Usage usage) {
            return new UsageDto(
                    usage.inputTokens(),
                    usage.outputTokens(),
                    usage.totalTokens(),
                    usage.speed().map(Speed::ttftMs).orElse(null),
                    usage.speed().map(Speed::tokensPerSecond).orElse(null));
        }
    }

    public static ReplyDto of(Reply reply) {
        return new ReplyDto(
                reply.agent().id(),
                reply.agent().name(),
                reply.reply().id(),
                reply.userMessage().id(),
                reply.conversationId(),
                reply.text(),
                UsageDto.of(reply.usage()),
                reply.durationMs(),
                KnowledgeDtos.CitationDto.listOf(reply.reply().citations()));
    }
}
