package io.agentdeck.api;

import io.agentdeck.api.dto.WorkflowDto;
import io.agentdeck.api.security.Caller;
import io.agentdeck.api.security.Owners;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.account.OwnedKind;
import io.agentdeck.engine.account.User;
import io.agentdeck.engine.workflow.Workflow;
import io.agentdeck.engine.workflow.WorkflowStatus;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Workflows: listing, one workflow with its steps, cancelling and resuming. They are started by POST /api/agents/task. */
final class WorkflowRoutes implements ApiModule {
    private final Engine engine;
    private final Owners owners;

    WorkflowRoutes(Engine engine, Owners owners) {
        this.engine = engine;
        this.owners = owners;
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
        Optional<User> member = owners.memberOf(Caller.of(ctx));
        List<Workflow> workflows =
                member.isEmpty() ? engine.workflows().list(status, limit) : ownWorkflows(member.get(), status, limit);
        ctx.json(Map.of("workflows", workflows.stream().map(WorkflowDto::of).toList()));
    }

    /** A member's newest workflows, read from the ids they own (the ids are not in order of time: sorted after). */
    private List<Workflow> ownWorkflows(User member, Optional<WorkflowStatus> status, int limit) {
        return owners.ownedBy(member, OwnedKind.WORKFLOW).stream()
                .map(id -> engine.workflows().require(id))
                .filter(workflow -> status.isEmpty() || workflow.status() == status.get())
                .sorted(Comparator.comparing(Workflow::createdAt).reversed())
                .limit(limit)
                .toList();
    }

    private void get(Context ctx) {
        ctx.json(WorkflowDto.of(engine.workflows().require(ownWorkflow(ctx))));
    }

    private void cancel(Context ctx) {
        ctx.json(WorkflowDto.of(engine.workflows().cancel(ownWorkflow(ctx))));
    }

    private void resume(Context ctx) {
        Workflow resumed = engine.workflows().resume(ownWorkflow(ctx));
        // A resumed workflow runs as a new task, which is the workflow's owner's too (an admin may resume it).
        owners.claimAlong(OwnedKind.TASK, resumed.taskId(), OwnedKind.WORKFLOW, resumed.id());
        ctx.status(202).json(WorkflowDto.of(resumed));
    }

    private String ownWorkflow(Context ctx) {
        String id = ctx.pathParam("id");
        owners.requireVisible(Caller.of(ctx), OwnedKind.WORKFLOW, id, "No workflow with id " + id + ".");
        return id;
    }
}
