package io.agentdeck.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentdeck.engine.mcp.McpServerInfo;
import java.util.List;

/**
 * An MCP server as {@code GET /api/mcp/servers} lists it. Environment variables and headers appear by name only:
 * their values are often secrets and never leave AgentDeck. {@code command} and {@code args} are there for a stdio
 * server, {@code url} for an HTTP one.
 */
public record McpServerDto(
        String name,
        String transport,
        String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error,
        int tools,
        @JsonInclude(JsonInclude.Include.NON_NULL) String command,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> args,
        @JsonInclude(JsonInclude.Include.NON_NULL) String url,
        List<String> envNames,
        List<String> headerNames) {

    public static McpServerDto of(McpServerInfo server) {
        boolean stdio = server.command().isPresent();
        return new McpServerDto(
                server.name(),
                server.transport().wireName(),
                server.status().wireName(),
                server.error().orElse(null),
                server.tools(),
                server.command().orElse(null),
                stdio ? server.args() : null,
                server.url().orElse(null),
                server.envNames(),
                server.headerNames());
    }
}
