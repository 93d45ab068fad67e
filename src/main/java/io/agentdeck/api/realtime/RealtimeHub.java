package io.agentdeck.api.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeck.api.security.Caller;
import io.agentdeck.api.security.Owners;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.event.NodeRelay;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time side of the API, shared by the plain WebSocket and Socket.IO transports: it turns engine events into
 * API.md's events (status, task, workflow and agent events to everyone; tokens, replies and errors to the client
 * that asked) and carries out what clients send. Events reach each client in the order the engine published them.
 */
public final class RealtimeHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeHub.class);
    private static final String NO_HINT = "See the real-time events in the API reference.";
    private static final char RELAYED_SEPARATOR = '\n';
    private static final int RELAYED_CLIENT_LIMIT = 4_000;

    private final Engine engine;
    private final Owners owners;
    private final ObjectMapper json;
    private final Clock clock;
    private final int outboxSize;
    private final Map<String, ClientChannel> clients = new ConcurrentHashMap<>();
    private final Map<String, Requester> requesters = new ConcurrentHashMap<>();
    private final AtomicLong clientIds = new AtomicLong();
    private final EventBus.Subscription subscription;
    private final NodeRelay relay;
    private final EventBus.Subscription relayed;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    public RealtimeHub(Engine engine, ObjectMapper json, Clock clock, int outboxSize) {
        this(engine, json, clock, outboxSize, NodeRelay.NONE, new Owners(engine, Optional.empty()));
    }

    /**
     * @param relay the other nodes of a shared database: what this hub tells everyone goes to their clients too, and
     *     what they tell everyone reaches this hub's clients (events for one requester stay on its node)
     * @param owners what each user of a team's server may see: a member's client hears of their own work only
     */
    public RealtimeHub(Engine engine, ObjectMapper json, Clock clock, int outboxSize, NodeRelay relay, Owners owners) {
        this.engine = engine;
        this.owners = owners;
        this.json = json;
        this.clock = clock;
        this.outboxSize = outboxSize;
        this.relay = relay;
        this.subscription = engine.events().subscribe(this::onEngineEvent);
        this.relayed = relay.listen(this::onRelayed);
    }

    /** Registers the operator's client (the desktop's own, or one with the server's token). */
    public ClientChannel connect(Transport transport) {
        return connect(transport, Caller.OPERATOR);
    }

    /** Registers a connected client; its events flow until it or the server closes the connection. */
    public ClientChannel connect(Transport transport, Caller caller) {
        String id = "c" + clientIds.incrementAndGet();
        ClientChannel channel = new ClientChannel(id, transport, outboxSize, () -> forget(id), caller);
        clients.put(id, channel);
        LOG.debug("Client {} connected over {}", id, transport.describe());
        return channel;
    }

    public int clientCount() {
        return clients.size();
    }

    /** Handles one event a client sent. Bad input is answered with an {@code error} event, never an exception. */
    public void onClientEvent(ClientChannel client, String event, JsonNode data, ClientAck ack) {
        Optional<String> requestId = requestIdOf(data);
        try {
            switch (event) {
                case "send_message" -> sendMessage(client, data, requestId, ack);
                case "agent_status_request" -> statusRequest(client, data, ack);
                case "workflow_update" -> workflowUpdate(client, data, ack);
                case "cancel" -> cancel(client, data, ack);
                default ->
                    throw new EngineException(
                            ErrorKind.INVALID_INPUT,
                            "Unknown event '" + abbreviated(event) + "'.",
                            "Send send_message, agent_status_request, workflow_update or cancel.",
                            null);
            }
        } catch (EngineException e) {
            Map<String, Object> error =
                    EventPayloads.error(e.getMessage(), e.kind().code(), e.hint(), requestId);
            send(client, "error", error);
            ack.reply(error);
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure handling client event {}", abbreviated(event), e);
            Map<String, Object> error = EventPayloads.error(
                    "Something unexpected went wrong inside AgentDeck.",
                    ErrorKind.INTERNAL.code(),
                    ErrorKind.INTERNAL.defaultHint(),
                    requestId);
            send(client, "error", error);
            ack.reply(error);
        }
    }

    /** Sends a malformed-frame error to one client (used by transports that parse frames themselves). */
    public void rejectFrame(ClientChannel client, String why) {
        send(client, "error", EventPayloads.error(why, ErrorKind.INVALID_INPUT.code(), NO_HINT, Optional.empty()));
    }

    private void sendMessage(ClientChannel client, JsonNode data, Optional<String> requestId, ClientAck ack) {
        long agentId = id(data, "agent_id");
        String message = text(data, "message")
                .orElseThrow(() -> EngineException.invalid("'message' is required and must be a string."));
        Optional<Long> conversationId =
                data.hasNonNull("conversation_id") ? Optional.of(id(data, "conversation_id")) : Optional.empty();
        Optional<Long> thread = owners.threadOf(callerOf(client), agentId, conversationId);
        String routingId = client.id() + ":" + UUID.randomUUID();
        requesters.put(routingId, new Requester(client, requestId));
        MessageRequest request =
                MessageRequest.of(agentId, message).inConversation(thread).withRequestId(Optional.of(routingId));
        try {
            // A listener makes the engine stream, which is what publishes the token events.
            engine.sendMessageAsync(request, Optional.of((seq, delta) -> {})).whenComplete((reply, failure) -> {
                Requester requester = requesters.remove(routingId);
                if (failure != null && requester != null) {
                    // Failures the engine did not publish, such as a message cancelled while it waited.
                    EngineException e = unwrap(failure);
                    send(
                            requester.client(),
                            "error",
                            EventPayloads.error(e.getMessage(), e.kind().code(), e.hint(), requester.requestId()));
                }
            });
        } catch (RuntimeException e) {
            requesters.remove(routingId);
            throw e;
        }
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("status", "queued");
        requestId.ifPresent(id -> accepted.put("request_id", id));
        ack.reply(accepted);
    }

    private void statusRequest(ClientChannel client, JsonNode data, ClientAck ack) {
        var status = EventPayloads.agentStatus(engine.agentStatus(id(data, "agent_id")), clock.instant());
        send(client, "agent_status", status);
        ack.reply(status);
    }

    private void workflowUpdate(ClientChannel client, JsonNode data, ClientAck ack) {
        if (!callerOf(client).isAdmin()) {
            // What a client says goes to everybody: a member could pass off news of somebody's workflow.
            throw new EngineException(
                    ErrorKind.FORBIDDEN,
                    "Only admins of this server may tell everybody of a workflow.",
                    "Follow your workflows' own updates instead.",
                    null);
        }
        if (!(data instanceof ObjectNode update)) {
            throw EngineException.invalid("workflow_update needs a JSON object.");
        }
        ObjectNode copy = update.deepCopy();
        if (!copy.has("at")) {
            copy.put("at", clock.instant().toString());
        }
        String payload = serialize(copy);
        // What a client says goes to the other nodes only while it is small: no client fills the relay's table.
        spread("workflow_update", payload, payload.length() <= RELAYED_CLIENT_LIMIT);
        ack.reply(Map.of("status", "broadcast"));
    }

    private void cancel(ClientChannel client, JsonNode data, ClientAck ack) {
        if (!callerOf(client).isAdmin()) {
            throw new EngineException(
                    ErrorKind.FORBIDDEN,
                    "Only admins of this server may cancel an agent: it stops everybody's work with it.",
                    "Cancel your own task instead (POST /api/tasks/{id}/cancel).",
                    null);
        }
        long agentId = id(data, "agent_id");
        int cancelled = engine.cancel(agentId);
        ack.reply(Map.of("agent_id", agentId, "cancelled", cancelled));
    }

    private void onEngineEvent(EngineEvent event) {
        switch (event) {
            case EngineEvent.AgentStatusChanged status -> broadcast("agent_status", EventPayloads.agentStatus(status));
            case EngineEvent.TokenStreamed token ->
                toRequester(
                        token.requestId(),
                        false,
                        requester -> send(
                                requester.client(), "agent_token", EventPayloads.token(token, requester.requestId())));
            case EngineEvent.ResponseCompleted response ->
                toRequester(
                        response.requestId(),
                        true,
                        requester -> send(
                                requester.client(),
                                "agent_response",
                                EventPayloads.response(response, requester.requestId())));
            case EngineEvent.AgentFailed failed ->
                toRequester(
                        failed.requestId(),
                        true,
                        requester -> send(
                                requester.client(),
                                "error",
                                EventPayloads.error(
                                        failed.error(), failed.kind().code(), failed.hint(), requester.requestId())));
            case EngineEvent.TaskUpdated task -> broadcast("task_update", EventPayloads.task(task));
            case EngineEvent.WorkflowStep step -> broadcast("workflow_update", EventPayloads.workflow(step));
            case EngineEvent.KnowledgeProgress progress ->
                broadcast("knowledge_progress", EventPayloads.knowledge(progress));
            case EngineEvent.ModelProgress progress -> broadcast("model_progress", EventPayloads.model(progress));
            case EngineEvent.AgentCreated created ->
                broadcast(
                        "agent_created",
                        EventPayloads.agentCreated(
                                created, engine.agentMaxParallel(created.agent().id())));
            case EngineEvent.AgentDeleted deleted -> broadcast("agent_deleted", EventPayloads.agentDeleted(deleted));
            case EngineEvent.ToolCallStarted call ->
                toRequester(
                        call.requestId(),
                        false,
                        requester -> send(
                                requester.client(), "tool_call", EventPayloads.toolCall(call, requester.requestId())));
            case EngineEvent.ToolCallFinished result ->
                toRequester(
                        result.requestId(),
                        false,
                        requester -> send(
                                requester.client(),
                                "tool_result",
                                EventPayloads.toolResult(result, requester.requestId())));
            case EngineEvent.ApprovalRequested requested ->
                broadcast("approval_requested", EventPayloads.approval(requested.approval()));
            case EngineEvent.ApprovalResolved resolved ->
                broadcast("approval_resolved", EventPayloads.approval(resolved.approval()));
        }
    }

    private void toRequester(Optional<String> routingId, boolean last, java.util.function.Consumer<Requester> action) {
        if (routingId.isEmpty()) {
            return;
        }
        Requester requester = last ? requesters.remove(routingId.get()) : requesters.get(routingId.get());
        if (requester != null) {
            action.accept(requester);
        }
    }

    private void broadcast(String event, Object data) {
        spread(event, serialize(data), true);
    }

    private void spread(String event, String payload, boolean toOtherNodes) {
        toLocalClients(event, payload);
        if (toOtherNodes) {
            relay.send(event + RELAYED_SEPARATOR + payload);
        }
    }

    /** An event another node told its clients: event name, a newline, the JSON payload. */
    private void onRelayed(String message) {
        int separator = message.indexOf(RELAYED_SEPARATOR);
        if (separator <= 0) {
            LOG.debug("Ignored a relayed message without an event name");
            return;
        }
        toLocalClients(message.substring(0, separator), message.substring(separator + 1));
    }

    private void toLocalClients(String event, String payload) {
        Audience audience = new Audience(event, payload);
        for (ClientChannel client : clients.values()) {
            if (audience.includes(callerOf(client))) {
                client.send(event, payload);
            }
        }
    }

    private static Caller callerOf(ClientChannel client) {
        return client.caller();
    }

    /**
     * Who of the clients hears one event: everybody on the desktop; on a team's server a member only of their own
     * work. The payload is read only when a member listens.
     */
    private final class Audience {
        private final String event;
        private final String payload;
        private Predicate<Caller> includes;

        Audience(String event, String payload) {
            this.event = event;
            this.payload = payload;
        }

        boolean includes(Caller caller) {
            if (caller.isAdmin()) {
                return true;
            }
            try {
                if (includes == null) {
                    includes = owners.audienceOf(event, json.readTree(payload));
                }
                return includes.test(caller);
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.debug("A member's client was not told of {}: {}", event, e.toString());
                return false;
            }
        }
    }

    private void send(ClientChannel client, String event, Object data) {
        client.send(event, serialize(data));
    }

    private String serialize(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event payload not serializable", e);
        }
    }

    private void forget(String clientId) {
        clients.remove(clientId);
        requesters.values().removeIf(requester -> requester.client().id().equals(clientId));
    }

    public Collection<ClientChannel> clients() {
        return clients.values();
    }

    /** Closes every client with a proper close (1001: going away). */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return; // closed by its owner before the server's own stop event
        }
        subscription.close();
        relayed.close();
        for (ClientChannel client : clients.values()) {
            client.close(1001, "server shutting down");
        }
    }

    private static long id(JsonNode data, String field) {
        JsonNode value = data == null ? null : data.get(field);
        if (value != null && value.isIntegralNumber() && value.canConvertToLong() && value.asLong() > 0) {
            return value.asLong();
        }
        if (value != null && value.isTextual() && value.asText().matches("[1-9][0-9]{0,17}")) {
            return Long.parseLong(value.asText());
        }
        throw EngineException.invalid("'" + field + "' must be a positive whole number.");
    }

    private static Optional<String> text(JsonNode data, String field) {
        JsonNode value = data == null ? null : data.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** Clients may number their requests or name them; either way it comes back as text. */
    private static Optional<String> requestIdOf(JsonNode data) {
        JsonNode value = data == null ? null : data.get("request_id");
        if (value == null || !(value.isTextual() || value.isNumber())) {
            return Optional.empty();
        }
        return Optional.of(abbreviated(value.asText()));
    }

    private static EngineException unwrap(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof EngineException engineException) {
            return engineException;
        }
        return new EngineException(ErrorKind.CANCELLED, "The message was cancelled.");
    }

    private static String abbreviated(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    private record Requester(ClientChannel client, Optional<String> requestId) {}
}
