package io.agentdeck.engine.account;

import java.util.Locale;

/** What a user of a team's server can own; what is shared (agents, tools, collections) is not among them. */
public enum OwnedKind {
    CONVERSATION,
    TASK,
    WORKFLOW,
    DOCUMENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
