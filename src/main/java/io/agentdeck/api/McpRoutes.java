package io.agentdeck.api;

import io.agentdeck.api.dto.McpServerDto;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.mcp.McpServerInfo;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The MCP servers of {@code mcp.json}: list them, add or replace one (or a whole pasted {@code mcpServers} block),
 * remove one, restart one.
 */
final class McpRoutes implements ApiModule {
    private final Engine engine;
    private final RequestReader reader;

    McpRoutes(Engine engine, RequestReader reader) {
        this.engine = engine;
        this.reader = reader;
    }

    @Override
    public void register(JavalinConfig config) {
        RoutesConfig routes = config.routes;
        routes.get("/api/mcp/servers", this::list);
        routes.put("/api/mcp/servers", this::putAll);
        routes.put("/api/mcp/servers/{name}", this::put);
        routes.delete("/api/mcp/servers/{name}", this::delete);
        routes.patch("/api/mcp/servers/{name}", this::patch);
        routes.post("/api/mcp/servers/{name}/restart", this::restart);
    }

    private void list(Context ctx) {
        ctx.json(servers(engine.mcp().list()));
    }

    private void putAll(Context ctx) {
        engine.mcp().putAll(reader.body(ctx).node());
        ctx.json(servers(engine.mcp().list()));
    }

    private void put(Context ctx) {
        ctx.json(McpServerDto.of(
                engine.mcp().put(ctx.pathParam("name"), reader.body(ctx).node())));
    }

    /** {@code {"disabled": true|false}}: turns the server off or on, keeping the rest of its saved entry. */
    private void patch(Context ctx) {
        boolean disabled = reader.body(ctx).requiredFlag("disabled");
        ctx.json(McpServerDto.of(engine.mcp().setEnabled(ctx.pathParam("name"), !disabled)));
    }

    private void delete(Context ctx) {
        engine.mcp().delete(ctx.pathParam("name"));
        ctx.status(204);
    }

    private void restart(Context ctx) {
        ctx.json(McpServerDto.of(engine.mcp().restart(ctx.pathParam("name"))));
    }

    private static Map<String, List<McpServerDto>> servers(List<McpServerInfo> servers) {
        return Map.of("servers", servers.stream().map(McpServerDto::of).toList());
    }
}
