package io.agentdeck.engine.agent;

import java.util.Locale;

public enum AgentType {
    DRIVER,
    CREATOR,
    GENERATOR,
    DYNAMIC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isCore() {
        return this != DYNAMIC;
    }
}
