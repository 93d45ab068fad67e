package io.agentdeck.ui;

import java.util.Objects;
import java.util.Optional;

/**
 * The local API as the dashboard shows it: whether it listens, where, why not, and how many real-time clients are
 * connected.
 */
public record LocalApiStatus(
        State state, Optional<String> url, Optional<String> problem, int connectedClients, boolean authEnabled) {

    public enum State {
        STARTING,
        RUNNING,
        STOPPED
    }

    public LocalApiStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(problem, "problem");
    }

    public static LocalApiStatus starting(boolean authEnabled) {
        return new LocalApiStatus(State.STARTING, Optional.empty(), Optional.empty(), 0, authEnabled);
    }

    public static LocalApiStatus running(String url, int connectedClients, boolean authEnabled) {
        return new LocalApiStatus(State.RUNNING, Optional.of(url), Optional.empty(), connectedClients, authEnabled);
    }

    public static LocalApiStatus stopped(String problem, boolean authEnabled) {
        return new LocalApiStatus(State.STOPPED, Optional.empty(), Optional.of(problem), 0, authEnabled);
    }
}
