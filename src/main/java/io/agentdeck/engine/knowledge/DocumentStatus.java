package io.agentdeck.engine.knowledge;

import java.util.Locale;

/** Where a document is: waiting, being read and embedded, searchable, or refused with a reason. */
public enum DocumentStatus {
    QUEUED,
    INDEXING,
    READY,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DocumentStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public boolean isFinished() {
        return this == READY || this == FAILED;
    }
}
