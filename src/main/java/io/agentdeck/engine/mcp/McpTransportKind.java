package io.agentdeck.engine.mcp;

import java.util.Locale;

/** How AgentDeck talks to an MCP server: a program it runs (stdin and stdout), or a Streamable HTTP endpoint. */
public enum McpTransportKind {
    STDIO,
    HTTP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
