package io.agentdeck.engine.workflow;

import java.util.Locale;
import java.util.Optional;

/** Where a workflow is in its life; the last five are where it ends (interrupted and stopped may be resumed). */
public enum WorkflowStatus {
    PLANNING,
    RUNNING,
    WAITING_APPROVAL,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    STOPPED,
    INTERRUPTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isUnfinished() {
        return this == PLANNING || this == RUNNING || this == WAITING_APPROVAL;
    }

    public boolean isResumable() {
        return this == STOPPED || this == INTERRUPTED;
    }

    public static Optional<WorkflowStatus> fromWireName(String name) {
        for (WorkflowStatus status : values()) {
            if (status.wireName().equalsIgnoreCase(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
