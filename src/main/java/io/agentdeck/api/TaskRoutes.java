package io.agentdeck.api;

import io.agentdeck.api.dto.TaskDto;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The Driver's task entry point and the background task processor's routes. */
final class TaskRoutes implements ApiModule {
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private final Engine engine;
    private final RequestReader reader;

    TaskRoutes(Engine engine, RequestReader reader) {
        this.engine = engine;
        this.reader = reader;
    }

    @Override
    public void register(JavalinConfig config) {
        RoutesConfig routes = config.routes;
        routes.post("/api/agents/task", this::submit);
        routes.get("/api/tasks", this::list);
        routes.get("/api/tasks/{id}", this::get);
        routes.post("/api/tasks/{id}/cancel", this::cancel);
    }

    private void submit(Context ctx) {
        var body = reader.body(ctx);
        String text = body.requiredText("task");
        boolean wait = body.flag("wait");
        if (!wait) {
            Task task = engine.processOperatorTask(text);
            ctx.status(202)
                    .json(Map.of("task_id", task.id(), "status", task.status().wireName(), "agent_id", task.agentId()));
            return;
        }
        Task task = engine.processOperatorTaskAndWait(text, MAX_WAIT);
        ctx.status(task.status().isFinished() ? 200 : 202).json(TaskDto.of(task));
    }

    private void list(Context ctx) {
        Optional<TaskStatus> status = Optional.ofNullable(ctx.queryParam("status"))
                .filter(s -> !s.isBlank())
                .map(s -> TaskStatus.fromWireName(s.strip())
                        .orElseThrow(() -> ApiException.badRequest(
                                "'status' must be one of queued, running, succeeded, failed, cancelled.")));
        int limit = RequestReader.queryLimit(ctx, 50, 200);
        ctx.json(Map.of(
                "tasks", engine.tasks(status, limit).stream().map(TaskDto::of).toList()));
    }

    private void get(Context ctx) {
        ctx.json(TaskDto.of(engine.task(RequestReader.pathId(ctx, "id"))));
    }

    private void cancel(Context ctx) {
        ctx.json(TaskDto.of(engine.cancelTask(RequestReader.pathId(ctx, "id"))));
    }
}
