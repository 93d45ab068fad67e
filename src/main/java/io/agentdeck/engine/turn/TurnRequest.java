package io.agentdeck.engine.turn;

import dev.langchain4j.model.chat.request.ResponseFormat;
import io.agentdeck.engine.agent.Agent;
import java.util.Objects;
import java.util.Optional;

/**
 * What one turn answers: the agent, the question, what the agent remembers before it, instructions the caller adds to
 * the agent's own system prompt (empty for none), optionally the structure the reply must have, who hears the
 * tool calls the turn makes, and tools of this turn alone that the model is offered beside the agent's own (a
 * workflow step's {@code delegate}); a call goes to them when they {@linkplain ToolBox#handles handle} its name.
 */
public record TurnRequest(
        Agent agent,
        String question,
        Memory memory,
        String callerInstructions,
        Optional<ResponseFormat> responseFormat,
        ToolCallListener toolCalls,
        Optional<TurnOrigin> origin,
        ToolBox extraTools) {

    public TurnRequest {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(callerInstructions, "callerInstructions");
        Objects.requireNonNull(responseFormat, "responseFormat");
        Objects.requireNonNull(toolCalls, "toolCalls");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(extraTools, "extraTools");
    }

    public static TurnRequest of(Agent agent, String question, Memory memory) {
        return new TurnRequest(
                agent, question, memory, "", Optional.empty(), ToolCallListener.NONE, Optional.empty(), ToolBox.NONE);
    }

    public TurnRequest withCallerInstructions(String instructions) {
        return new TurnRequest(agent, question, memory, instructions, responseFormat, toolCalls, origin, extraTools);
    }

    public TurnRequest withResponseFormat(Optional<ResponseFormat> format) {
        return new TurnRequest(agent, question, memory, callerInstructions, format, toolCalls, origin, extraTools);
    }

    public TurnRequest withToolCalls(ToolCallListener listener) {
        return new TurnRequest(
                agent, question, memory, callerInstructions, responseFormat, listener, origin, extraTools);
    }

    /** The turn answers this stored question (approvals it raises point back to it). */
    public TurnRequest withOrigin(TurnOrigin stored) {
        return new TurnRequest(
                agent,
                question,
                memory,
                callerInstructions,
                responseFormat,
                toolCalls,
                Optional.of(stored),
                extraTools);
    }

    /** Tools of this turn alone, offered beside the agent's own; a name they handle is theirs, not the agent's. */
    public TurnRequest withExtraTools(ToolBox tools) {
        return new TurnRequest(agent, question, memory, callerInstructions, responseFormat, toolCalls, origin, tools);
    }
}
