package io.agentdeck.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The local API server. Binds to loopback by default because the API can drive agents that spend model credits;
 * exposing it on the network has to be a deliberate choice.
 */
public record ServerSettings(String host, int port, boolean authEnabled) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5000;
    public static final int MIN_PORT = 1;
    public static final int MAX_PORT = 65535;

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        host = host.strip();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("server host must not be blank");
        }
        if (!isValidPort(port)) {
            throw new IllegalArgumentException(
                    "server port must be from %d to %d, got %d".formatted(MIN_PORT, MAX_PORT, port));
        }
    }

    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, true);
    }

    public static boolean isValidPort(int port) {
        return port >= MIN_PORT && port <= MAX_PORT;
    }

    /** Shared by the flag and environment parsers so both accept exactly the same spellings. */
    static Optional<Integer> parsePort(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            return isValidPort(port) ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public ServerSettings withHost(String newHost) {
        return new ServerSettings(newHost, port, authEnabled);
    }

    public ServerSettings withPort(int newPort) {
        return new ServerSettings(host, newPort, authEnabled);
    }

    public ServerSettings withAuthEnabled(boolean enabled) {
        return new ServerSettings(host, port, enabled);
    }
}
