package io.agentdeck.engine.mcp;

import java.time.Duration;
import java.util.UUID;

/**
 * How AgentDeck runs MCP servers: how long a server may take to start, a tool call to answer (unless the server's
 * entry sets its own {@code timeout}) and a ping to come back, and the version it gives as a client.
 */
public record McpSettings(Duration startTimeout, Duration callTimeout, Duration pingTimeout, String clientVersion) {
    /**
     * The text the client returns, instead of throwing, when a call times out; unique, so that no real result is
     * taken for it.
     */
    private static final String TIMEOUT_MARKER = "agentdeck-mcp-call-timed-out-" + UUID.randomUUID();

    /** The production values: 30 s to start, 60 s a call, 10 s a ping. */
    public static McpSettings defaults(String clientVersion) {
        return new McpSettings(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(10), clientVersion);
    }

    String timeoutMarker() {
        return TIMEOUT_MARKER;
    }
}
