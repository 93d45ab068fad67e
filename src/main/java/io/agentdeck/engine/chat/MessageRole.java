package io.agentdeck.engine.chat;

import java.util.Locale;

public enum MessageRole {
    USER,
    AGENT,
    SYSTEM,
    ERROR,
    /** A tool call the agent made while answering, and its result. */
    TOOL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
