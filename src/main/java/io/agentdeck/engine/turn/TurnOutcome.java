package io.agentdeck.engine.turn;

import io.agentdeck.engine.chat.Citation;
import java.util.List;

/**
 * The end of a turn: the reply's text, the tokens every model call of the turn used together, how long the turn took,
 * whether the model stopped at its token limit, how many tool calls it made on the way, and the knowledge passages its
 * text marks as sources.
 */
public record TurnOutcome(
        String text, Usage usage, long durationMs, boolean truncated, int toolCalls, List<Citation> citations) {
    public TurnOutcome {
        citations = List.copyOf(citations);
    }

    public TurnOutcome(String text, Usage usage, long durationMs, boolean truncated, int toolCalls) {
        this(text, usage, durationMs, truncated, toolCalls, List.of());
    }
}
