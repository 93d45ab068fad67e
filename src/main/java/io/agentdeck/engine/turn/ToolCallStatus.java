package io.agentdeck.engine.turn;

import java.util.Locale;

/** How one tool call ended. Every one of them gives the model a result to read, and the turn goes on. */
public enum ToolCallStatus {
    OK,
    ERROR,
    DENIED,
    TIMEOUT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ToolCallStatus fromWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
