package io.agentdeck.engine.task;

import java.util.Locale;
import java.util.Optional;

public enum TaskStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public static Optional<TaskStatus> fromWireName(String name) {
        for (TaskStatus status : values()) {
            if (status.wireName().equalsIgnoreCase(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
