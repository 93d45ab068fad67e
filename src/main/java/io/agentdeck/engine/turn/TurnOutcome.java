package io.agentdeck.engine.turn;

/**
 * The end of a turn: the reply's text, the tokens every model call of the turn used together, how long the turn took,
 * whether the model stopped at its token limit, and how many tool calls it made on the way.
 */
public record TurnOutcome(String text, Usage usage, long durationMs, boolean truncated, int toolCalls) {}
