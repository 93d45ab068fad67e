package io.agentdeck.api.openai;

import io.agentdeck.api.dto.ReplyDto.UsageDto;
import io.agentdeck.engine.chat.Completion;
import java.util.List;
import java.util.UUID;

/** A whole answer in OpenAI's {@code chat.completion} format. */
record ChatCompletionDto(String id, String object, long created, String model, List<Choice> choices, UsageDto usage) {

    record Choice(int index, AssistantMessage message, String finishReason) {}

    record AssistantMessage(String role, String content) {}

    static ChatCompletionDto of(String id, long created, String model, Completion completion) {
        return new ChatCompletionDto(
                id,
                "chat.completion",
                created,
                model,
                List.of(new Choice(0, new AssistantMessage("assistant", completion.text()), finishReason(completion))),
                UsageDto.of(completion.usage()));
    }

    static String newId() {
        return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    }

    static String finishReason(Completion completion) {
        return completion.truncated() ? "length" : "stop";
    }
}
