package io.agentdeck.engine.approval;

import java.util.Locale;

/** Where a question to a person stands. An expired approval counts as denied. */
public enum ApprovalStatus {
    PENDING,
    APPROVED,
    DENIED,
    EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApprovalStatus fromWire(String text) {
        for (ApprovalStatus status : values()) {
            if (status.wireName().equals(text)) {
                return status;
            }
        }
        throw io.agentdeck.engine.EngineException.invalid(
                "'status' must be one of pending, approved, denied, expired; was \"" + text + "\".");
    }
}
