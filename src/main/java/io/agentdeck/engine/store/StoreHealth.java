package io.agentdeck.engine.store;

public interface StoreHealth {
    /** True when the database answers a trivial query. */
    boolean isConnected();
}
