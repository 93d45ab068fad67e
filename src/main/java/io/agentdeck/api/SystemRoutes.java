package io.agentdeck.api;

import io.agentdeck.api.dto.AgentDto;
import io.agentdeck.api.dto.StatusDto;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.InitResult;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Health, status and init: the routes that work before the agents are initialized. */
final class SystemRoutes implements ApiModule {
    private final Engine engine;
    private final String version;

    SystemRoutes(Engine engine, String version) {
        this.engine = engine;
        this.version = version;
    }

    @Override
    public void register(JavalinConfig config) {
        RoutesConfig routes = config.routes;
        routes.get("/", this::health);
        routes.get("/api/status", this::status);
        // For load balancers and orchestrators (server mode), so without a token: is the process serving, and can it
        // do work (the database answers; its migrations ran before the API opened).
        routes.get("/api/health/live", ctx -> ctx.json(Map.of("status", "live")));
        routes.get("/api/health/ready", this::ready);
        routes.post("/api/init", this::init);
    }

    private void health(Context ctx) {
        ctx.json(Map.of("name", "AgentDeck", "version", version, "status", "ok"));
    }

    private void ready(Context ctx) {
        boolean databaseConnected = engine.status().databaseConnected();
        ctx.status(databaseConnected ? 200 : 503)
                .json(Map.of(
                        "status",
                        databaseConnected ? "ready" : "not_ready",
                        "database",
                        databaseConnected ? "connected" : "error"));
    }

    private void status(Context ctx) {
        ctx.json(StatusDto.of(engine.status(), version));
    }

    private void init(Context ctx) {
        InitResult result = engine.initialize();
        List<AgentDto> agents = result.agents().stream()
                .map(agent -> AgentDto.of(
                        agent, engine.agentStatus(agent.id()).status(), engine.agentMaxParallel(agent.id())))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "initialized");
        body.put("agents", agents);
        body.put(
                "knowledge",
                Map.of(
                        "documents",
                        result.knowledge().documents(),
                        "chunks",
                        result.knowledge().chunks()));
        ctx.json(body);
    }
}
