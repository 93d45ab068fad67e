package io.agentdeck.engine.turn;

import dev.langchain4j.model.chat.request.ResponseFormat;
import io.agentdeck.engine.agent.Agent;
import java.util.Objects;
import java.util.Optional;

/**
 * What one turn answers: the agent, the question, what the agent remembers before it, instructions the caller adds to
 * the agent's own system prompt (empty for none), optionally the structure the reply must have, and who hears the
 * tool calls the turn makes.
 */
public record TurnRequest(
        Agent agent,
        String question,
        Memory memory,
        String callerInstructions,
        Optional<ResponseFormat> responseFormat,
        ToolCallListener toolCalls,
        Optional<TurnOrigin> origin) {

    public TurnRequest {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(callerInstructions, "callerInstructions");
        Objects.requireNonNull(responseFormat, "responseFormat");
        Objects.requireNonNull(toolCalls, "toolCalls");
        Objects.requireNonNull(origin, "origin");
    }

    public static TurnRequest of(Agent agent, String question, Memory memory) {
        return new TurnRequest(agent, question, memory, "", Optional.empty(), ToolCallListener.NONE, Optional.empty());
    }

    public TurnRequest withCallerInstructions(String instructions) {
        return new TurnRequest(agent, question, memory, instructions, responseFormat, toolCalls, origin);
    }

    public TurnRequest withResponseFormat(Optional<ResponseFormat> format) {
        return new TurnRequest(agent, question, memory, callerInstructions, format, toolCalls, origin);
    }

    public TurnRequest withToolCalls(ToolCallListener listener) {
        return new TurnRequest(agent, question, memory, callerInstructions, responseFormat, listener, origin);
    }

    /** The turn answers this stored question (approvals it raises point back to it). */
    public TurnRequest withOrigin(TurnOrigin stored) {
        return new TurnRequest(
                agent, question, memory, callerInstructions, responseFormat, toolCalls, Optional.of(stored));
    }
}
