package io.agentdeck.engine;

/**
 * Whether the engine has been initialized (core agents seeded, tasks running). Every area service asks it first, so
 * that a call before {@code POST /api/init} fails with {@code not_initialized} rather than half working.
 */
public final class InitializationGate {
    private volatile boolean open;

    public boolean isOpen() {
        return open;
    }

    void open() {
        open = true;
    }

    /** @throws EngineException {@code not_initialized} until the engine is initialized */
    public void require() {
        if (!open) {
            throw new EngineException(ErrorKind.NOT_INITIALIZED, "The agent system is not initialized.");
        }
    }
}
