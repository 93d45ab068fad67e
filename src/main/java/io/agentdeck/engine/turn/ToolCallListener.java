package io.agentdeck.engine.turn;

/**
 * Hears the tool calls of one turn as they happen, on the turn's thread: whoever runs the turn stores and publishes
 * them, so that a call is in the thread even if the turn fails after it.
 */
public interface ToolCallListener {
    ToolCallListener NONE = new ToolCallListener() {
        @Override
        public void started(ToolCall call) {}

        @Override
        public void finished(ToolCall call, ToolResult result, long durationMs) {}
    };

    void started(ToolCall call);

    void finished(ToolCall call, ToolResult result, long durationMs);
}
