package io.agentdeck.api.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.api.ApiConfig;
import io.agentdeck.api.ApiServer;
import io.agentdeck.api.JsonSupport;
import io.agentdeck.api.security.ApiSecurity;
import io.agentdeck.api.security.RateLimiter.RateLimit;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.TestApp;
import io.javalin.Javalin;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@AppTest(initialized = false)
class WebSocketApiTest {
    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private TestApp app;

    @BeforeEach
    void start() {
        app.http().postEmpty("/api/init");
    }

    private String wsUrl() {
        return "ws://127.0.0.1:" + app.port() + "/ws?token=" + app.token();
    }

    @Test
    void aHandshakeWithoutAValidTokenIsRefused() {
        for (String url :
                List.of("ws://127.0.0.1:" + app.port() + "/ws", "ws://127.0.0.1:" + app.port() + "/ws?token=wrong")) {
            assertThatThrownBy(() -> WsTestClient.connect(url))
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
        }
    }

    @Test
    void oneSendMessageGivesBusyTokensResponseIdleInOrder() throws Exception {
        model.enqueue(FakeReply.text("hello there friend"));
        try (WsTestClient client = WsTestClient.connect(wsUrl())) {
            client.send("send_message", "{\"agent_id\": 3, \"message\": \"hi\", \"request_id\": \"r1\"}");

            List<JsonNode> frames = client.until(f -> f.get("event").asText().equals("agent_status")
                    && f.at("/data/status").asText().equals("idle"));

            List<String> names =
                    frames.stream().map(f -> f.get("event").asText()).toList();
            assertThat(names.getFirst()).isEqualTo("agent_status");
            assertThat(frames.getFirst().at("/data/status").asText()).isEqualTo("busy");
            assertThat(names.subList(1, names.size() - 2)).isNotEmpty().containsOnly("agent_token");
            assertThat(names.get(names.size() - 2)).isEqualTo("agent_response");
            JsonNode response = frames.get(frames.size() - 2).get("data");
            assertThat(response.get("message").asText()).isEqualTo("hello there friend");
            assertThat(response.get("agent_name").asText()).isEqualTo("Generator");
            assertThat(response.get("request_id").asText()).isEqualTo("r1");
            StringBuilder text = new StringBuilder();
            frames.stream()
                    .filter(f -> f.get("event").asText().equals("agent_token"))
                    .forEach(f -> {
                        assertThat(f.at("/data/request_id").asText()).isEqualTo("r1");
                        text.append(f.at("/data/delta").asText());
                    });
            assertThat(text.toString()).isEqualTo("hello there friend");
        }
    }

    @Test
    void aFailureGivesBusyErrorIdle() throws Exception {
        model.enqueue(FakeReply.unauthorized());
        try (WsTestClient client = WsTestClient.connect(wsUrl())) {
            client.send("send_message", "{\"agent_id\": 3, \"message\": \"hi\", \"request_id\": 7}");
            List<JsonNode> frames =
                    client.until(f -> f.at("/data/status").asText().equals("idle"));
            assertThat(frames)
                    .extracting(f -> f.get("event").asText())
                    .containsExactly("agent_status", "error", "agent_status");
            assertThat(frames.get(1).at("/data/code").asText()).isEqualTo("model_provider_error");
            assertThat(frames.get(1).at("/data/request_id").asText()).isEqualTo("7");
        }
    }

    @Test
    void statusBroadcastsReachEveryClientButTokensOnlyTheRequester() throws Exception {
        try (WsTestClient asker = WsTestClient.connect(wsUrl());
                WsTestClient watcher = WsTestClient.connect(wsUrl())) {
            asker.send("send_message", "{\"agent_id\": 1, \"message\": \"hello\"}");
            asker.until(f -> f.get("event").asText().equals("agent_response"));

            List<JsonNode> seen =
                    watcher.until(f -> f.at("/data/status").asText().equals("idle"));
            assertThat(seen).extracting(f -> f.get("event").asText()).containsExactly("agent_status", "agent_status");
            assertThat(watcher.drain(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void statusRequestsAreAnsweredToTheAskerAndWorkflowUpdatesToEveryone() throws Exception {
        try (WsTestClient asker = WsTestClient.connect(wsUrl());
                WsTestClient other = WsTestClient.connect(wsUrl())) {
            asker.send("agent_status_request", "{\"agent_id\": 2}");
            JsonNode status = asker.next();
            assertThat(status.get("event").asText()).isEqualTo("agent_status");
            assertThat(status.at("/data/agent_name").asText()).isEqualTo("Creator");
            assertThat(status.at("/data/status").asText()).isEqualTo("idle");

            other.send("workflow_update", "{\"workflow_id\": \"w1\", \"step\": \"plan\", \"status\": \"running\"}");
            for (WsTestClient client : List.of(asker, other)) {
                JsonNode update = client.next();
                assertThat(update.get("event").asText()).isEqualTo("workflow_update");
                assertThat(update.at("/data/workflow_id").asText()).isEqualTo("w1");
                assertThat(update.at("/data/at").asText()).isNotBlank();
            }
            assertThat(other.drain(Duration.ofMillis(200))).isEmpty();
        }
    }

    @Test
    void malformedFramesGetErrorEventsAndTheConnectionKeepsWorking() throws Exception {
        try (WsTestClient client = WsTestClient.connect(wsUrl())) {
            for (String frame : List.of(
                    "not json",
                    "[]",
                    "{\"data\": {}}",
                    "{\"event\": \"launch_rockets\", \"data\": {}}",
                    "{\"event\": \"send_message\", \"data\": {\"agent_id\": \"x\", \"message\": \"hi\"}}",
                    "{\"event\": \"send_message\", \"data\": {\"agent_id\": 99, \"message\": \"hi\"}}",
                    "{\"event\": \"send_message\", \"data\": {\"agent_id\": 1, \"message\": \"\"}}",
                    "{\"event\": \"send_message\", \"data\": null}",
                    "{\"event\": \"workflow_update\", \"data\": 5}",
                    "{\"event\": \"cancel\", \"data\": {}}")) {
                client.sendRaw(frame);
                JsonNode reply = client.next();
                assertThat(reply.get("event").asText()).as(frame).isEqualTo("error");
                assertThat(reply.at("/data/code").asText()).as(frame).isIn("invalid_input", "not_found");
                assertThat(reply.at("/data/hint").asText()).isNotBlank();
            }
            client.send("agent_status_request", "{\"agent_id\": 1}");
            assertThat(client.next().get("event").asText()).isEqualTo("agent_status");
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedWithoutDelayingOthers() throws Exception {
        // A hub with a small outbox, on its own server over the same engine, so the test fills it quickly.
        RealtimeHub hub = new RealtimeHub(app.engine(), JsonSupport.newMapper(), Clock.systemUTC(), 256);
        Javalin server = ApiServer.create(
                        app.engine(),
                        new ApiConfig(
                                "test",
                                ApiSecurity.forBind("127.0.0.1", app.context().apiToken(), RateLimit.DEFAULT)),
                        hub)
                .start("127.0.0.1", 0);
        try (Socket stalled = stalledClient(server.port(), app.token());
                WsTestClient reader =
                        WsTestClient.connect("ws://127.0.0.1:" + server.port() + "/ws?token=" + app.token())) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hub.clientCount() == 2);
            // Broadcasts (workflow updates re-sent to every client) of 16 MB in all: more than the kernel buffers on
            // loopback (4 MB here) and the small outbox can hold for a client that reads nothing.
            String detail = "x".repeat(40_000);
            int updates = 400;
            for (int i = 0; i < updates; i++) {
                reader.send("workflow_update", "{\"workflow_id\": \"w" + i + "\", \"detail\": \"" + detail + "\"}");
            }

            List<JsonNode> frames =
                    reader.until(f -> f.at("/data/workflow_id").asText().equals("w" + (updates - 1)));
            assertThat(frames).hasSize(updates);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> hub.clientCount() == 1);
            // Once it reads again it finds the end of the stream: the server hung up on it.
            stalled.setSoTimeout(20_000);
            stalled.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        } finally {
            server.stop();
        }
    }

    @Test
    void shuttingDownSendsACloseFrame() throws Exception {
        WsTestClient client = WsTestClient.connect(wsUrl());
        // The server registers a client just after the handshake; one round trip makes sure it has.
        client.send("agent_status_request", "{\"agent_id\": 1}");
        assertThat(client.next().get("event").asText()).isEqualTo("agent_status");
        app.close();
        assertThat(client.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1001);
    }

    /** Completes the WebSocket handshake by hand, then never reads another byte. */
    private static Socket stalledClient(int port, String token) throws Exception {
        Socket socket = new Socket();
        // Set before connecting, so the advertised TCP window stays small and the server soon cannot send more.
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            headers.append((char) in.read());
        }
        assertThat(headers.toString()).startsWith("HTTP/1.1 101");
        return socket;
    }
}
