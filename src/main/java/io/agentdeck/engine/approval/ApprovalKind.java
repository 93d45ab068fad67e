package io.agentdeck.engine.approval;

import java.util.Locale;

/** What a person is asked to approve: a tool call, or (in a workflow) an agent the Creator designed. */
public enum ApprovalKind {
    TOOL_CALL,
    CREATE_AGENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
