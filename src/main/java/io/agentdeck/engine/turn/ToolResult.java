package io.agentdeck.engine.turn;

/** What a tool call gave the model to read, and how the call ended. */
public record ToolResult(ToolCallStatus status, String content) {
    public static ToolResult ok(String content) {
        return new ToolResult(ToolCallStatus.OK, content);
    }

    public static ToolResult error(String message) {
        return new ToolResult(ToolCallStatus.ERROR, "Error: " + message);
    }
}
