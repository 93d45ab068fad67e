package io.agentdeck.engine.workflow;

import java.util.Locale;

public enum StepStatus {
    PENDING,
    RUNNING,
    WAITING_APPROVAL,
    SUCCEEDED,
    FAILED,
    SKIPPED,
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A dependant may run once each of its dependencies is done with: answered, or skipped (it is told why). */
    public boolean isSettled() {
        return this == SUCCEEDED || this == SKIPPED;
    }

    public static StepStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
