package io.agentdeck.engine.llm;

/** Where a model file stands: on disk and readable, still arriving, or refused with a reason. */
public enum ModelFileStatus {
    READY,
    DOWNLOADING,
    FAILED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
