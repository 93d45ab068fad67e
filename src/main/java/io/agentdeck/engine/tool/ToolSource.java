package io.agentdeck.engine.tool;

import java.util.Locale;

/** Where a tool comes from: AgentDeck itself, or an MCP server the user configured. */
public enum ToolSource {
    BUILTIN,
    MCP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
