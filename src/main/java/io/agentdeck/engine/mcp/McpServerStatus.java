package io.agentdeck.engine.mcp;

import java.util.Locale;

/** Where a configured MCP server is: connecting, connected (its tools are offered), failed, or turned off. */
public enum McpServerStatus {
    STARTING,
    CONNECTED,
    FAILED,
    DISABLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
