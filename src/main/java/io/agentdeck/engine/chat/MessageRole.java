package io.agentdeck.engine.chat;

import java.util.Locale;

public enum MessageRole {
    USER,
    AGENT,
    SYSTEM,
    ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
