package io.agentdeck.engine.agent;

import java.util.Locale;

public enum AgentStatus {
    IDLE,
    BUSY,
    ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
