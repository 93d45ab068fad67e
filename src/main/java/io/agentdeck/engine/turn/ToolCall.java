package io.agentdeck.engine.turn;

/** One call the model asked for: its id within the turn, the tool's name and the arguments as the model wrote them. */
public record ToolCall(String callId, String name, String arguments) {}
