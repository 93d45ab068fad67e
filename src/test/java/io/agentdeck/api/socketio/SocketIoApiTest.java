package io.agentdeck.api.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.agentdeck.api.security.RateLimiter.RateLimit;
import io.agentdeck.api.socketio.SioTestClient.Event;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@AppTest(initialized = false)
class SocketIoApiTest {
    @FromApp
    private TestApp app;

    private SocketIoTestServer server;

    @BeforeEach
    void start() {
        app.http().postEmpty("/api/init");
        server = SocketIoTestServer.over(app, RateLimit.DEFAULT);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SioTestClient client(String... transports) throws Exception {
        return SioTestClient.connect(server.baseUrl(), app.token(), transports);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void oneSendMessageGivesAckThenBusyTokensResponseIdleOverEachTransport(String transports) throws Exception {
        app.model().enqueue(FakeReply.text("hello there friend"));
        try (SioTestClient client = client(transports.split(","))) {
            JSONObject ack = client.emitWithAck(
                    "send_message",
                    new JSONObject().put("agent_id", 3).put("message", "hi").put("request_id", "r1"));
            assertThat(ack.getString("status")).isEqualTo("queued");
            assertThat(ack.getString("request_id")).isEqualTo("r1");

            List<Event> events = client.until(e -> e.name().equals("agent_status")
                    && e.data().getString("status").equals("idle"));

            List<String> names = events.stream().map(Event::name).toList();
            assertThat(names.getFirst()).isEqualTo("agent_status");
            assertThat(events.getFirst().data().getString("status")).isEqualTo("busy");
            assertThat(names.subList(1, names.size() - 2)).isNotEmpty().containsOnly("agent_token");
            assertThat(names.get(names.size() - 2)).isEqualTo("agent_response");
            JSONObject response = events.get(events.size() - 2).data();
            assertThat(response.getString("message")).isEqualTo("hello there friend");
            assertThat(response.getString("agent_name")).isEqualTo("Generator");
            assertThat(response.getString("request_id")).isEqualTo("r1");
            StringBuilder text = new StringBuilder();
            events.stream()
                    .filter(e -> e.name().equals("agent_token"))
                    .forEach(e -> text.append(e.data().getString("delta")));
            assertThat(text.toString()).isEqualTo("hello there friend");
            assertThat(client.transports()).containsExactly(transports.split(","));
        }
    }

    @Test
    void theToolsAnAgentCallsReachTheRequesterAsToolEvents() throws Exception {
        app.model().enqueue(FakeReply.toolCall("current_time", "{}"), FakeReply.text("It is late."));
        try (SioTestClient client = client("websocket")) {
            client.emitWithAck(
                    "send_message",
                    new JSONObject()
                            .put("agent_id", 3)
                            .put("message", "what time is it?")
                            .put("request_id", "t1"));
            List<Event> events = client.until(e -> e.name().equals("agent_response"));
            JSONObject call = events.stream()
                    .filter(e -> e.name().equals("tool_call"))
                    .findFirst()
                    .orElseThrow()
                    .data();
            JSONObject result = events.stream()
                    .filter(e -> e.name().equals("tool_result"))
                    .findFirst()
                    .orElseThrow()
                    .data();
            assertThat(call.getString("name")).isEqualTo("current_time");
            assertThat(call.getString("request_id")).isEqualTo("t1");
            assertThat(result.getString("status")).isEqualTo("ok");
            assertThat(result.getString("content")).startsWith("UTC: ");
            assertThat(events.getLast().data().getString("message")).isEqualTo("It is late.");
        }
    }

    @Test
    void aLargeEventOverPollingArrivesWhole() throws Exception {
        String detail = "word ".repeat(150_000);
        try (SioTestClient client = client("polling")) {
            JSONObject ack = client.emitWithAck(
                    "workflow_update",
                    new JSONObject().put("workflow_id", "big").put("detail", detail));
            assertThat(ack.getString("status")).isEqualTo("broadcast");
            Event update = client.next();
            assertThat(update.name()).isEqualTo("workflow_update");
            assertThat(update.data().getString("detail")).isEqualTo(detail);
        }
    }

    @Test
    void theDefaultTransportsUpgradeToWebSocketAndKeepWorking() throws Exception {
        try (SioTestClient client = client("polling", "websocket")) {
            assertThat(client.transports()).containsExactly("polling", "websocket");
            // Until the upgrade finishes, answers come by polling; afterwards they must come over the WebSocket.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                client.emit("agent_status_request", new JSONObject().put("agent_id", 1));
                assertThat(client.next().name()).isEqualTo("agent_status");
                assertThat(client.lastMessageTransport()).contains("websocket");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"polling", "websocket"})
    void aConnectionWithoutTheRightTokenGetsConnectError(String transport) throws Exception {
        for (Optional<String> token : List.of(Optional.<String>empty(), Optional.of("wrong"))) {
            JSONObject error = SioTestClient.refusal(server.baseUrl(), token, transport);
            assertThat(error.getString("message")).isEqualTo(ConnectGate.REFUSAL_MESSAGE);
            assertThat(error.getJSONObject("data").getString("code")).isEqualTo("unauthorized");
        }
    }

    @Test
    void theTokenMayAlsoComeAsABearerHeaderOnTheHandshake() throws Exception {
        HttpResponse<String> handshake = get("/socket.io/?EIO=4&transport=polling", "Bearer " + app.token(), null);
        String sid = new JSONObject(handshake.body().substring(1)).getString("sid");
        HttpResponse<String> connect = post("/socket.io/?EIO=4&transport=polling&sid=" + sid, "40");
        assertThat(connect.statusCode()).isEqualTo(200);
        HttpResponse<String> answer = get("/socket.io/?EIO=4&transport=polling&sid=" + sid, null, null);
        assertThat(answer.body()).startsWith("40{\"sid\":");
    }

    @Test
    void statusBroadcastsReachEveryClientButTokensOnlyTheRequester() throws Exception {
        try (SioTestClient asker = client("websocket");
                SioTestClient watcher = client("polling")) {
            asker.emit("send_message", new JSONObject().put("agent_id", 1).put("message", "hello"));
            asker.until(e -> e.name().equals("agent_response"));

            List<Event> seen = watcher.until(e -> e.name().equals("agent_status")
                    && e.data().getString("status").equals("idle"));
            assertThat(seen).extracting(Event::name).containsExactly("agent_status", "agent_status");
            assertThat(seen.getFirst().data().getString("status")).isEqualTo("busy");
            assertThat(watcher.drain(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void statusRequestsAreAnsweredToTheAskerOnlyAndWorkflowUpdatesToEveryone() throws Exception {
        try (SioTestClient asker = client("websocket");
                SioTestClient other = client("polling")) {
            JSONObject ack = asker.emitWithAck("agent_status_request", new JSONObject().put("agent_id", 2));
            assertThat(ack.getString("agent_name")).isEqualTo("Creator");
            Event status = asker.next();
            assertThat(status.name()).isEqualTo("agent_status");
            assertThat(status.data().getString("agent_name")).isEqualTo("Creator");
            assertThat(status.data().getString("status")).isEqualTo("idle");
            assertThat(other.drain(Duration.ofMillis(200))).isEmpty();

            other.emit(
                    "workflow_update",
                    new JSONObject()
                            .put("workflow_id", "w1")
                            .put("step", "plan")
                            .put("status", "running"));
            for (SioTestClient client : List.of(asker, other)) {
                Event update = client.next();
                assertThat(update.name()).isEqualTo("workflow_update");
                assertThat(update.data().getString("workflow_id")).isEqualTo("w1");
                assertThat(update.data().getString("at")).isNotBlank();
            }
        }
    }

    @Test
    void cancelIsAcknowledgedWithWhatItCancelled() throws Exception {
        try (SioTestClient client = client("websocket")) {
            JSONObject ack = client.emitWithAck("cancel", new JSONObject().put("agent_id", 1));
            assertThat(ack.getLong("agent_id")).isEqualTo(1);
            assertThat(ack.getInt("cancelled")).isZero();
        }
    }

    @Test
    void unknownEventsAndBadDataGetErrorEvents() throws Exception {
        try (SioTestClient client = client("polling")) {
            client.emit("launch_rockets", new JSONObject());
            Event error = client.next();
            assertThat(error.name()).isEqualTo("error");
            assertThat(error.data().getString("code")).isEqualTo("invalid_input");
            assertThat(error.data().getString("hint")).isNotBlank();

            JSONObject ack = client.emitWithAck("send_message", new JSONObject().put("agent_id", "x"));
            assertThat(ack.getString("code")).isEqualTo("invalid_input");
            assertThat(client.next().name()).isEqualTo("error");
        }
    }

    /** Polling only: the Java client's WebSocket transport ignores a server's close frame (the npm client does not). */
    @Test
    void shuttingDownDropsClientsSoThatTheyWouldReconnect() throws Exception {
        try (SioTestClient client = client("polling")) {
            server.close();
            app.close();
            // Rarely a poll caught mid-shutdown is only given up by the client's 10 s read timeout.
            assertThat(client.disconnected().get(30, TimeUnit.SECONDS)).isIn("transport close", "transport error");
        }
    }

    @Test
    void aForeignOriginCannotEvenHandshake() throws Exception {
        HttpResponse<String> polling = get("/socket.io/?EIO=4&transport=polling", null, "https://evil.example");
        assertThat(polling.statusCode()).isEqualTo(403);
        assertThat(new JSONObject(polling.body()).getString("code")).isEqualTo("forbidden_origin");
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThatThrownBy(() -> http.newWebSocketBuilder()
                            .header("Origin", "https://evil.example")
                            .buildAsync(
                                    URI.create("ws://127.0.0.1:" + server.port()
                                            + "/socket.io/?EIO=4&transport=websocket"),
                                    new WebSocket.Listener() {})
                            .join())
                    .cause()
                    .isInstanceOfSatisfying(
                            WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
        }
        HttpResponse<String> local = get("/socket.io/?EIO=4&transport=polling", null, server.baseUrl());
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.headers().allValues("Access-Control-Allow-Origin")).containsExactly(server.baseUrl());
    }

    @Test
    void javalinAnswersNothingUnderSocketIo() throws Exception {
        HttpResponse<String> response = get("/socket.io/anything", null, null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new JSONObject(response.body()).getInt("code")).isEqualTo(5);
    }

    private HttpResponse<String> get(String path, String authorization, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                            .header("Content-Type", "text/plain;charset=UTF-8")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
