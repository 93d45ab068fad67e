package io.agentdeck.engine.turn;

import dev.langchain4j.model.chat.request.ResponseFormat;
import io.agentdeck.engine.agent.Agent;
import java.util.Objects;
import java.util.Optional;

/**
 * What one turn answers: the agent, the question, what the agent remembers before it, instructions the caller adds to
 * the agent's own system prompt (empty for none) and, optionally, the structure the reply must have.
 */
public record TurnRequest(
        Agent agent,
        String question,
        Memory memory,
        String callerInstructions,
        Optional<ResponseFormat> responseFormat) {

    public TurnRequest {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(callerInstructions, "callerInstructions");
        Objects.requireNonNull(responseFormat, "responseFormat");
    }

    public static TurnRequest of(Agent agent, String question, Memory memory) {
        return new TurnRequest(agent, question, memory, "", Optional.empty());
    }

    public TurnRequest withCallerInstructions(String instructions) {
        return new TurnRequest(agent, question, memory, instructions, responseFormat);
    }

    public TurnRequest withResponseFormat(Optional<ResponseFormat> format) {
        return new TurnRequest(agent, question, memory, callerInstructions, format);
    }
}
