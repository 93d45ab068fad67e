package io.agentdeck.api.socketio;

import io.agentdeck.api.security.Caller;
import io.agentdeck.api.security.SecurityGate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.json.JSONObject;

/**
 * Whether a Socket.IO connection carries the API token: as a bearer header or {@code ?token=} on its engine.io
 * handshake, or as {@code auth: {token}} in its CONNECT packet.
 */
final class HandshakeCredentials {
    private final SecurityGate gate;

    HandshakeCredentials(SecurityGate gate) {
        this.gate = gate;
    }

    boolean accept(Map<String, List<String>> headers, Map<String, String> query, Object connectData) {
        return callerOf(headers, query, connectData).isPresent();
    }

    /** Who the connection's token names; empty when it carries none that is valid. */
    Optional<Caller> callerOf(Map<String, List<String>> headers, Map<String, String> query, Object connectData) {
        return gate.callerOf(authorization(headers), queryToken(query), authToken(connectData));
    }

    private static Optional<String> authorization(Map<String, List<String>> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream()
                .filter(header -> "Authorization".equalsIgnoreCase(header.getKey()) && header.getValue() != null)
                .flatMap(header -> header.getValue().stream())
                .findFirst();
    }

    private static Optional<String> queryToken(Map<String, String> query) {
        return query == null ? Optional.empty() : Optional.ofNullable(query.get("token"));
    }

    private static Optional<String> authToken(Object connectData) {
        if (connectData instanceof JSONObject auth && auth.opt("token") instanceof String token) {
            return Optional.of(token);
        }
        return Optional.empty();
    }
}
