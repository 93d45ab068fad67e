package io.agentdeck.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.engine.mcp.McpServerConfig;
import io.agentdeck.engine.mcp.McpServerInfo;
import io.agentdeck.engine.mcp.McpServers;
import java.util.List;

/**
 * The engine's MCP area: the servers of {@code mcp.json}, how each is doing, and changing them. The servers start
 * with AgentDeck, whether or not the engine is initialized, so these calls need no initialization either.
 */
public final class McpService {
    private final McpServers servers;

    public McpService(McpServers servers) {
        this.servers = servers;
    }

    public List<McpServerInfo> list() {
        return servers.list();
    }

    /** Adds or replaces one server (an entry of {@code mcpServers}) and (re)starts it. */
    public McpServerInfo put(String name, JsonNode entry) {
        return servers.put(McpServerConfig.requireValidName(name), entry);
    }

    /** Adds or replaces every server of a pasted {@code {"mcpServers": {…}}} block; one bad entry changes nothing. */
    public List<McpServerInfo> putAll(JsonNode block) {
        return servers.putAll(block);
    }

    public void delete(String name) {
        servers.delete(name);
    }

    /** The server's entry for editing, each env and header value shown as {@code "<saved>"} (kept when saved). */
    public com.fasterxml.jackson.databind.node.ObjectNode editableEntry(String name) {
        return servers.editableEntry(name);
    }

    /** Turns a server on or off without touching the rest of its entry. */
    public McpServerInfo setEnabled(String name, boolean enabled) {
        return servers.setEnabled(name, enabled);
    }

    public McpServerInfo restart(String name) {
        return servers.restart(name);
    }
}
