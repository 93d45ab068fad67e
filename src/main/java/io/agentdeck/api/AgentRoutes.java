package io.agentdeck.api;

import io.agentdeck.api.dto.AgentDetailDto;
import io.agentdeck.api.dto.AgentDto;
import io.agentdeck.api.dto.AgentStatusDto;
import io.agentdeck.api.dto.ConversationDto;
import io.agentdeck.api.dto.MessageDto;
import io.agentdeck.api.dto.ReplyDto;
import io.agentdeck.api.security.Caller;
import io.agentdeck.api.security.Owners;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.account.OwnedKind;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.chat.Conversation;
import io.agentdeck.engine.chat.MessagePage;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.creator.AgentCreator.AgentRequest;
import io.agentdeck.engine.model.ModelSettings;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The seed's agent routes plus threads, delete and cancel. Handlers parse, call the engine, and map to DTOs. */
final class AgentRoutes implements ApiModule {
    private final Engine engine;
    private final RequestReader reader;
    private final SseReplyWriter sse;
    private final Owners owners;

    AgentRoutes(Engine engine, RequestReader reader, SseReplyWriter sse, Owners owners) {
        this.engine = engine;
        this.reader = reader;
        this.sse = sse;
        this.owners = owners;
    }

    @Override
    public void register(JavalinConfig config) {
        RoutesConfig routes = config.routes;
        routes.get("/api/agents", this::list);
        routes.post("/api/agents/create", this::create);
        routes.get("/api/agents/{id}", this::get);
        routes.delete("/api/agents/{id}", this::delete);
        routes.patch("/api/agents/{id}", this::update);
        routes.get("/api/agents/{id}/status", this::status);
        routes.post("/api/agents/{id}/message", this::message);
        routes.get("/api/agents/{id}/messages", this::messages);
        routes.post("/api/agents/{id}/cancel", this::cancel);
        routes.get("/api/agents/{id}/conversations", this::conversations);
        routes.post("/api/agents/{id}/conversations", this::createConversation);
        routes.patch("/api/conversations/{id}", this::renameConversation);
        routes.delete("/api/conversations/{id}", this::deleteConversation);
    }

    private void list(Context ctx) {
        ctx.json(Map.of("agents", engine.agents().stream().map(this::dto).toList()));
    }

    private void get(Context ctx) {
        long id = RequestReader.pathId(ctx, "id");
        Agent agent = engine.agent(id);
        ctx.json(AgentDetailDto.of(
                agent, engine.agentStatus(id).status(), engine.agentStats(id), engine.agentMaxParallel(id)));
    }

    private void status(Context ctx) {
        ctx.json(AgentStatusDto.of(engine.agentStatus(RequestReader.pathId(ctx, "id"))));
    }

    private void message(Context ctx) throws IOException {
        long id = RequestReader.pathId(ctx, "id");
        var body = reader.body(ctx);
        String text = body.requiredText("message");
        MessageRequest request = MessageRequest.of(id, text)
                .inConversation(owners.threadOf(Caller.of(ctx), id, body.optionalId("conversation_id")))
                .withRequestId(body.optionalText("request_id"));
        boolean stream = body.flag("stream") || acceptsEventStream(ctx);
        if (stream) {
            sse.stream(ctx, request);
        } else {
            ctx.json(ReplyDto.of(engine.sendMessage(request)));
        }
    }

    private static boolean acceptsEventStream(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/event-stream");
    }

    private void messages(Context ctx) {
        long id = RequestReader.pathId(ctx, "id");
        int limit = RequestReader.queryLimit(ctx, 50, 200);
        MessagePage page = engine.history(
                id,
                owners.threadOf(Caller.of(ctx), id, RequestReader.queryLong(ctx, "conversation_id")),
                RequestReader.queryLong(ctx, "before"),
                limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", page.messages().stream().map(MessageDto::of).toList());
        body.put("has_more", page.hasMore());
        ctx.json(body);
    }

    private void create(Context ctx) {
        var body = reader.body(ctx);
        AgentRequest request =
                new AgentRequest(body.requiredText("role"), body.textList("capabilities"), body.optionalText("reason"));
        Agent agent = engine.createDynamicAgent(request);
        ctx.status(201).json(dto(agent));
    }

    /** Changes the agent's settings; today how many replies it may generate at once ({@code null}: the default). */
    private void update(Context ctx) {
        long id = RequestReader.pathId(ctx, "id");
        var body = reader.body(ctx);
        if (!body.has("max_parallel")) {
            throw ApiException.badRequest("Nothing to change: the body may set 'max_parallel'.");
        }
        Optional<Integer> limit = body.optionalInt("max_parallel", 1, ModelSettings.MAX_PARALLEL_LIMIT);
        ctx.json(dto(engine.setAgentMaxParallel(id, limit)));
    }

    private void delete(Context ctx) {
        engine.deleteAgent(RequestReader.pathId(ctx, "id"));
        ctx.status(204);
    }

    private void cancel(Context ctx) {
        long id = RequestReader.pathId(ctx, "id");
        int cancelled = engine.cancel(id);
        ctx.json(Map.of("agent_id", id, "cancelled", cancelled));
    }

    private void conversations(Context ctx) {
        long id = RequestReader.pathId(ctx, "id");
        // A member's own default thread is made on first use, as the agent's is for the operator.
        owners.threadOf(Caller.of(ctx), id, Optional.empty());
        Predicate<Object> visible = owners.visibleOf(Caller.of(ctx), OwnedKind.CONVERSATION);
        ctx.json(Map.of(
                "conversations",
                engine.conversations(id).stream()
                        .filter(conversation -> visible.test(conversation.id()))
                        .map(ConversationDto::of)
                        .toList()));
    }

    private void createConversation(Context ctx) {
        long id = RequestReader.pathId(ctx, "id");
        String title = reader.body(ctx).optionalText("title").orElse("New thread");
        Conversation created = engine.createConversation(id, title);
        owners.claim(Caller.of(ctx), OwnedKind.CONVERSATION, created.id());
        ctx.status(201).json(ConversationDto.of(created));
    }

    private void renameConversation(Context ctx) {
        long id = RequestReader.pathId(ctx, "id");
        String title = reader.body(ctx).requiredText("title");
        requireOwnThread(ctx, id);
        ctx.json(ConversationDto.of(engine.renameConversation(id, title)));
    }

    private void deleteConversation(Context ctx) {
        long id = RequestReader.pathId(ctx, "id");
        requireOwnThread(ctx, id);
        engine.deleteConversation(id);
        owners.release(OwnedKind.CONVERSATION, id);
        ctx.status(204);
    }

    private void requireOwnThread(Context ctx, long conversationId) {
        owners.requireVisible(
                Caller.of(ctx),
                OwnedKind.CONVERSATION,
                conversationId,
                "No conversation with id " + conversationId + ".");
    }

    private AgentDto dto(Agent agent) {
        return AgentDto.of(agent, engine.agentStatus(agent.id()).status(), engine.agentMaxParallel(agent.id()));
    }
}
