package io.agentdeck.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentdeck.api.dto.ReplyDto.UsageDto;
import java.util.List;

/**
 * One server-sent event of a streamed answer in OpenAI's {@code chat.completion.chunk} format. {@code usage} appears
 * only on the last chunk, and only when the client asked for it with {@code stream_options.include_usage}.
 */
record ChatCompletionChunkDto(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        @JsonInclude(JsonInclude.Include.NON_NULL) UsageDto usage) {

    /** {@code finish_reason} is null, and sent as null, until the last content chunk. */
    record Choice(int index, Delta delta, String finishReason) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(String role, String content) {}

    /** The chunks of one streamed completion share its id, creation time and model. */
    record Stream(String id, long created, String model) {
        ChatCompletionChunkDto role() {
            return choice(new Delta("assistant", ""), null);
        }

        ChatCompletionChunkDto content(String delta) {
            return choice(new Delta(null, delta), null);
        }

        ChatCompletionChunkDto finish(String finishReason) {
            return choice(new Delta(null, null), finishReason);
        }

        ChatCompletionChunkDto usage(UsageDto usage) {
            return new ChatCompletionChunkDto(id, "chat.completion.chunk", created, model, List.of(), usage);
        }

        private ChatCompletionChunkDto choice(Delta delta, String finishReason) {
            return new ChatCompletionChunkDto(
                    id, "chat.completion.chunk", created, model, List.of(new Choice(0, delta, finishReason)), null);
        }
    }
}
