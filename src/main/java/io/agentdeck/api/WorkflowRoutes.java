package io.agentdeck.api;

import io.agentdeck.api.dto.WorkflowDto;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.workflow.WorkflowStatus;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/** Workflows: listing, one workflow with its steps, cancelling and resuming. They are started by POST /api/agents/task. */
final class WorkflowRoutes implements ApiModule {
    private final Engine engine;

    WorkflowRoutes(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void register(JavalinConfig config) {
        RoutesConfig routes = config.routes;
        routes.get("/api/workflows", this::list);
        routes.get("/api/workflows/{id}", this::get);
        routes.post("/api/workflows/{id}/cancel", this::cancel);
        routes.post("/api/workflows/{id}/resume", this::resume);
    }

    private void list(Context ctx) {
        Optional<WorkflowStatus> status = Optional.ofNullable(ctx.queryParam("status"))
                .filter(s -> !s.isBlank())
                .map(s -> WorkflowStatus.fromWireName(s.strip())
                        .orElseThrow(() -> ApiException.badRequest("'status' must be one of planning, running,"
                                + " waiting_approval, succeeded, failed, cancelled, stopped, interrupted.")));
        int limit = RequestReader.queryLimit(ctx, 50, 200);
        ctx.json(Map.of(
                "workflows",
                engine.workflows().list(status, limit).stream()
                        .map(WorkflowDto::of)
                        .toList()));
    }

    private void get(Context ctx) {
        ctx.json(WorkflowDto.of(engine.workflows().require(ctx.pathParam("id"))));
    }

    private void cancel(Context ctx) {
        ctx.json(WorkflowDto.of(engine.workflows().cancel(ctx.pathParam("id"))));
    }

    private void resume(Context ctx) {
        ctx.status(202).json(WorkflowDto.of(engine.workflows().resume(ctx.pathParam("id"))));
    }
}
