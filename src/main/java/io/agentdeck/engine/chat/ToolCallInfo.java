package io.agentdeck.engine.chat;

import io.agentdeck.engine.turn.ToolCallStatus;

/** The call a tool message records: which tool, with what arguments (the JSON the model wrote), and how it ended. */
public record ToolCallInfo(String callId, String name, String arguments, ToolCallStatus status) {}
