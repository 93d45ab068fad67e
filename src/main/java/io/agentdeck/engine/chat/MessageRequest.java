package io.agentdeck.engine.chat;

import dev.langchain4j.model.chat.request.ResponseFormat;
import io.agentdeck.engine.turn.ToolBox;
import java.util.Optional;

/**
 * A message for an agent. {@code requestId} lets a client match tokens and the reply to its request; {@code taskId}
 * ties the work to a background task; {@code responseFormat} asks the model for structured output; {@code extraTools}
 * are offered in this message's turn alone, beside the agent's own tools ({@link ToolBox#NONE} for none).
 */
public record MessageRequest(
        long agentId,
        String text,
        Optional<Long> conversationId,
        Optional<String> requestId,
        Optional<Long> taskId,
        Optional<ResponseFormat> responseFormat,
        ToolBox extraTools) {

    public static MessageRequest of(long agentId, String text) {
        return new MessageRequest(
                agentId, text, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), ToolBox.NONE);
    }

    public MessageRequest inConversation(Optional<Long> conversation) {
        return new MessageRequest(agentId, text, conversation, requestId, taskId, responseFormat, extraTools);
    }

    public MessageRequest withRequestId(Optional<String> id) {
        return new MessageRequest(agentId, text, conversationId, id, taskId, responseFormat, extraTools);
    }

    public MessageRequest forTask(long id) {
        return new MessageRequest(
                agentId, text, conversationId, requestId, Optional.of(id), responseFormat, extraTools);
    }

    public MessageRequest withResponseFormat(ResponseFormat format) {
        return new MessageRequest(agentId, text, conversationId, requestId, taskId, Optional.of(format), extraTools);
    }

    public MessageRequest withExtraTools(ToolBox tools) {
        return new MessageRequest(agentId, text, conversationId, requestId, taskId, responseFormat, tools);
    }
}
