package io.agentdeck.api;

import io.agentdeck.api.dto.AgentDto;
import io.agentdeck.api.dto.ApprovalDto;
import io.agentdeck.api.dto.ToolDto;
import io.agentdeck.api.security.Caller;
import io.agentdeck.api.security.Owners;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.approval.Approval;
import io.agentdeck.engine.approval.ApprovalService.Decision;
import io.agentdeck.engine.approval.ApprovalService.Remember;
import io.agentdeck.engine.approval.ApprovalStatus;
import io.agentdeck.engine.tool.ToolPolicy;
import io.agentdeck.engine.tool.ToolPolicyRule;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Tools, their policies, the agents' tools and the approvals people give (API contract, Part 2). */
final class ToolRoutes implements ApiModule {
    private final Engine engine;
    private final RequestReader reader;
    private final Owners owners;

    ToolRoutes(Engine engine, RequestReader reader, Owners owners) {
        this.engine = engine;
        this.reader = reader;
        this.owners = owners;
    }

    @Override
    public void register(JavalinConfig config) {
        RoutesConfig routes = config.routes;
        routes.get("/api/tools", this::tools);
        routes.put("/api/tools/{name}/policy", this::setPolicy);
        routes.get("/api/tool-policies", this::rules);
        routes.delete("/api/tool-policies", this::revoke);
        routes.put("/api/agents/{id}/tools", this::setAgentTools);
        routes.get("/api/approvals", this::approvals);
        routes.get("/api/approvals/{id}", this::approval);
        routes.post("/api/approvals/{id}", this::decide);
    }

    private void tools(Context ctx) {
        ctx.json(
                Map.of("tools", engine.tools().tools().stream().map(ToolDto::of).toList()));
    }

    private void setPolicy(Context ctx) throws IOException {
        ToolPolicy policy = ToolPolicy.parse(reader.body(ctx).requiredText("policy"));
        ctx.json(ToolDto.of(engine.tools().setPolicy(ctx.pathParam("name"), policy)));
    }

    private void rules(Context ctx) {
        ctx.json(Map.of(
                "policies",
                engine.tools().rules().stream().map(ToolRoutes::rule).toList()));
    }

    /** {@code DELETE /api/tool-policies?tool=…[&agent_id=…]}: forgets one rule. */
    private void revoke(Context ctx) {
        String tool = Optional.ofNullable(ctx.queryParam("tool"))
                .filter(name -> !name.isBlank())
                .orElseThrow(() -> EngineException.invalid("The query parameter 'tool' is required."));
        engine.tools().revoke(tool, optionalId(ctx.queryParam("agent_id")));
        ctx.status(204);
    }

    private void setAgentTools(Context ctx) throws IOException {
        long id = RequestReader.pathId(ctx, "id");
        List<String> names = reader.body(ctx).requiredTextList("tools");
        Agent agent = engine.tools().setAgentTools(id, names);
        ctx.json(AgentDto.of(agent, engine.agentStatus(id).status(), engine.agentMaxParallel(id)));
    }

    private void approvals(Context ctx) {
        Optional<ApprovalStatus> status = Optional.ofNullable(ctx.queryParam("status"))
                .filter(text -> !text.isBlank())
                .map(ApprovalStatus::fromWire);
        Predicate<Approval> own = owners.approvalVisibleOf(Caller.of(ctx));
        ctx.json(Map.of(
                "approvals",
                engine.tools().approvals(status).stream()
                        .filter(own)
                        .map(ApprovalDto::of)
                        .toList()));
    }

    private void approval(Context ctx) {
        ctx.json(ApprovalDto.of(ownApproval(ctx, RequestReader.pathId(ctx, "id"))));
    }

    /** A member answers the questions asked in their own threads or by their own tasks and workflows. */
    private Approval ownApproval(Context ctx, long id) {
        Approval approval = engine.tools().approval(id);
        if (!owners.approvalVisible(Caller.of(ctx), approval)) {
            throw EngineException.notFound("No approval with id " + id + ".");
        }
        return approval;
    }

    private void decide(Context ctx) throws IOException {
        long id = RequestReader.pathId(ctx, "id");
        var body = reader.body(ctx);
        Decision decision = choice(body.requiredText("decision"), "decision", Decision.class);
        Remember remember = body.optionalText("remember")
                .map(text -> choice(text, "remember", Remember.class))
                .orElse(Remember.ONCE);
        if (remember != Remember.ONCE && !Caller.of(ctx).isAdmin()) {
            // Remembering turns the answer into a tool policy, which only admins change on a team's server.
            throw new EngineException(
                    ErrorKind.FORBIDDEN,
                    "Only admins of this server may turn an answer into a rule ('remember': \"agent\" or \"always\").",
                    "Answer with 'remember': \"once\", or ask an admin to set the tool's policy.",
                    null);
        }
        ownApproval(ctx, id);
        ctx.json(ApprovalDto.of(engine.tools().decide(id, decision, remember, body.optionalText("reason"))));
    }

    private static <E extends Enum<E>> E choice(String text, String field, Class<E> type) {
        for (E value : type.getEnumConstants()) {
            if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
                return value;
            }
        }
        List<String> allowed = java.util.Arrays.stream(type.getEnumConstants())
                .map(value -> value.name().toLowerCase(Locale.ROOT))
                .toList();
        throw EngineException.invalid(
                "'" + field + "' must be one of " + String.join(", ", allowed) + "; was \"" + text + "\".");
    }

    private static Optional<Long> optionalId(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw EngineException.invalid("'agent_id' must be a number.");
        }
    }

    private static Map<String, Object> rule(ToolPolicyRule rule) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tool", rule.tool());
        json.put("agent_id", rule.agentId().orElse(null));
        json.put("policy", rule.policy().wireName());
        return json;
    }
}
