package io.agentdeck.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.api.dto.TaskDto;
import io.agentdeck.api.security.Caller;
import io.agentdeck.api.security.Owners;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.account.OwnedKind;
import io.agentdeck.engine.account.User;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.engine.workflow.Workflow;
import io.agentdeck.engine.workflow.WorkflowLimits;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Driver's task entry point (a workflow by default, or one Driver answer with {@code "mode": "direct"}) and the
 * background task processor's routes.
 */
final class TaskRoutes implements ApiModule {
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);
    private static final String WORKFLOW = "workflow";
    private static final String DIRECT = "direct";
    private static final List<String> LIMIT_FIELDS =
            List.of("max_steps", "max_depth", "max_tokens", "timeout_s", "allow_new_agents");

    private final Engine engine;
    private final RequestReader reader;
    private final Owners owners;

    TaskRoutes(Engine engine, RequestReader reader, Owners owners) {
        this.engine = engine;
        this.reader = reader;
        this.owners = owners;
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
        String mode = body.optionalText("mode").orElse(WORKFLOW);
        if (mode.equals(WORKFLOW)) {
            submitWorkflow(ctx, text, wait, limits(body.node().get("limits")));
            return;
        }
        if (!mode.equals(DIRECT)) {
            throw ApiException.badRequest("'mode' must be workflow or direct.");
        }
        if (body.node().has("limits")) {
            throw ApiException.badRequest(
                    "'limits' apply to workflows only; leave them out with \"mode\": \"direct\".");
        }
        if (!wait) {
            Task task = engine.processOperatorTask(text);
            owners.claim(Caller.of(ctx), OwnedKind.TASK, task.id());
            ctx.status(202)
                    .json(Map.of("task_id", task.id(), "status", task.status().wireName(), "agent_id", task.agentId()));
            return;
        }
        Task submitted = engine.processOperatorTask(text);
        // Claimed before the wait: the member follows their task meanwhile, from another request or their events.
        owners.claim(Caller.of(ctx), OwnedKind.TASK, submitted.id());
        Task task = engine.awaitTask(submitted.id(), MAX_WAIT);
        ctx.status(task.status().isFinished() ? 200 : 202).json(TaskDto.of(task));
    }

    /** A workflow's task: the 202 adds the workflow's id, and so does the finished task when the client waited. */
    private void submitWorkflow(Context ctx, String text, boolean wait, WorkflowLimits limits) {
        Workflow workflow = engine.workflows().start(text, limits);
        owners.claim(Caller.of(ctx), OwnedKind.WORKFLOW, workflow.id());
        owners.claim(Caller.of(ctx), OwnedKind.TASK, workflow.taskId());
        if (!wait) {
            Map<String, Object> accepted = new LinkedHashMap<>();
            accepted.put("task_id", workflow.taskId());
            accepted.put("status", TaskStatus.QUEUED.wireName());
            accepted.put("agent_id", CoreAgents.DRIVER_ID);
            accepted.put("workflow_id", workflow.id());
            ctx.status(202).json(accepted);
            return;
        }
        Task task = engine.workflows().await(workflow, MAX_WAIT);
        TaskDto dto = TaskDto.of(task);
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("task_id", dto.taskId());
        done.put("type", dto.type());
        done.put("agent_id", dto.agentId());
        done.put("input", dto.input());
        done.put("status", dto.status());
        done.put("result", dto.result());
        done.put("error", dto.error());
        done.put("created_at", dto.createdAt());
        done.put("started_at", dto.startedAt());
        done.put("finished_at", dto.finishedAt());
        done.put("workflow_id", workflow.id());
        ctx.status(task.status().isFinished() ? 200 : 202).json(done);
    }

    /** The workflow's bounds: each one given replaces its default. */
    private static WorkflowLimits limits(JsonNode node) {
        WorkflowLimits defaults = WorkflowLimits.DEFAULTS;
        if (node == null || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("'limits' must be an object.");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!LIMIT_FIELDS.contains(name)) {
                throw ApiException.badRequest("'limits." + name + "' is not a limit; use " + LIMIT_FIELDS + ".");
            }
        });
        JsonNode allow = node.get("allow_new_agents");
        if (allow != null && !allow.isNull() && !allow.isBoolean()) {
            throw ApiException.badRequest("'limits.allow_new_agents' must be true or false.");
        }
        return new WorkflowLimits(
                (int) number(node, "max_steps", defaults.maxSteps()),
                (int) number(node, "max_depth", defaults.maxDepth()),
                number(node, "max_tokens", defaults.maxTokens()),
                number(node, "timeout_s", defaults.timeoutS()),
                allow != null && allow.asBoolean(false));
    }

    private static long number(JsonNode limits, String field, long fallback) {
        JsonNode value = limits.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiException.badRequest("'limits." + field + "' must be a whole number.");
        }
        return value.asLong();
    }

    private void list(Context ctx) {
        Optional<TaskStatus> status = Optional.ofNullable(ctx.queryParam("status"))
                .filter(s -> !s.isBlank())
                .map(s -> TaskStatus.fromWireName(s.strip())
                        .orElseThrow(() -> ApiException.badRequest(
                                "'status' must be one of queued, running, succeeded, failed, cancelled.")));
        int limit = RequestReader.queryLimit(ctx, 50, 200);
        Optional<User> member = owners.memberOf(Caller.of(ctx));
        List<Task> tasks = member.isEmpty() ? engine.tasks(status, limit) : ownTasks(member.get(), status, limit);
        ctx.json(Map.of("tasks", tasks.stream().map(TaskDto::of).toList()));
    }

    /** A member's newest tasks, read one by one from the ids they own: a busy team's newest tasks are mostly others'. */
    private List<Task> ownTasks(User member, Optional<TaskStatus> status, int limit) {
        List<Task> own = new ArrayList<>();
        List<Long> newestFirst = owners.ownedBy(member, OwnedKind.TASK).stream()
                .map(Long::valueOf)
                .sorted(Comparator.reverseOrder())
                .toList();
        for (long id : newestFirst) {
            if (own.size() == limit) {
                break;
            }
            Task task = engine.task(id);
            if (status.isEmpty() || task.status() == status.get()) {
                own.add(task);
            }
        }
        return own;
    }

    private void get(Context ctx) {
        ctx.json(TaskDto.of(engine.task(ownTask(ctx))));
    }

    private void cancel(Context ctx) {
        ctx.json(TaskDto.of(engine.cancelTask(ownTask(ctx))));
    }

    private long ownTask(Context ctx) {
        long id = RequestReader.pathId(ctx, "id");
        owners.requireVisible(Caller.of(ctx), OwnedKind.TASK, id, "No task with id " + id + ".");
        return id;
    }
}
