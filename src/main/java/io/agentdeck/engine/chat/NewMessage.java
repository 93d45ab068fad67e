package io.agentdeck.engine.chat;

import io.agentdeck.engine.turn.Usage;
import java.util.List;
import java.util.Optional;

/** A message to store; a reply or an error names the question it answers in {@code replyTo}. */
public record NewMessage(
        long agentId,
        long conversationId,
        MessageRole role,
        String content,
        Optional<Usage> usage,
        Optional<Long> durationMs,
        Optional<Long> replyTo,
        Optional<ToolCallInfo> tool,
        List<Citation> citations) {

    public NewMessage {
        citations = List.copyOf(citations);
    }

    public NewMessage(
            long agentId,
            long conversationId,
            MessageRole role,
            String content,
            Optional<Usage> usage,
            Optional<Long> durationMs,
            Optional<Long> replyTo,
            Optional<ToolCallInfo> tool) {
        this(agentId, conversationId, role, content, usage, durationMs, replyTo, tool, List.of());
    }

    public NewMessage(
            long agentId,
            long conversationId,
            MessageRole role,
            String content,
            Optional<Usage> usage,
            Optional<Long> durationMs,
            Optional<Long> replyTo) {
        this(agentId, conversationId, role, content, usage, durationMs, replyTo, Optional.empty());
    }

    public static NewMessage of(long agentId, long conversationId, MessageRole role, String content) {
        return new NewMessage(
                agentId, conversationId, role, content, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The agent's answer to {@code question}, with what it cost. */
    public static NewMessage replyTo(Message question, String content, Usage usage, long durationMs) {
        return replyTo(question, content, usage, durationMs, List.of());
    }

    /** The agent's answer to {@code question}, with what it cost and the sources it marks. */
    public static NewMessage replyTo(
            Message question, String content, Usage usage, long durationMs, List<Citation> citations) {
        return new NewMessage(
                question.agentId(),
                question.conversationId(),
                MessageRole.AGENT,
                content,
                Optional.of(usage),
                Optional.of(durationMs),
                Optional.of(question.id()),
                Optional.empty(),
                citations);
    }

    /** A tool call made while answering {@code question}, with the result the model read. */
    public static NewMessage toolCall(Message question, ToolCallInfo call, String result, long durationMs) {
        return new NewMessage(
                question.agentId(),
                question.conversationId(),
                MessageRole.TOOL,
                result,
                Optional.empty(),
                Optional.of(durationMs),
                Optional.of(question.id()),
                Optional.of(call));
    }

    /** Why {@code question} got no answer. */
    public static NewMessage errorFor(Message question, String explanation) {
        return new NewMessage(
                question.agentId(),
                question.conversationId(),
                MessageRole.ERROR,
                explanation,
                Optional.empty(),
                Optional.empty(),
                Optional.of(question.id()));
    }
}
