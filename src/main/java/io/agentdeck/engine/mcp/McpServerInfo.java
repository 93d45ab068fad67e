package io.agentdeck.engine.mcp;

import java.util.List;
import java.util.Optional;

/**
 * A configured MCP server as people see it: what it runs or where it is, how it is doing and how many tools it
 * offers. The values of its environment variables and headers are left out on purpose (they are often secrets);
 * only their names are here.
 */
public record McpServerInfo(
        String name,
        McpTransportKind transport,
        McpServerStatus status,
        Optional<String> error,
        int tools,
        Optional<String> command,
        List<String> args,
        Optional<String> url,
        List<String> envNames,
        List<String> headerNames) {

    public McpServerInfo {
        args = List.copyOf(args);
        envNames = List.copyOf(envNames);
        headerNames = List.copyOf(headerNames);
    }
}
