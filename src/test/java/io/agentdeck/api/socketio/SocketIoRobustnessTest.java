package io.agentdeck.api.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.api.security.RateLimiter.RateLimit;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Malformed engine.io and socket.io input, over raw polling requests and a raw WebSocket: never a 500, never stuck. */
@AppTest(rateLimited = false)
class SocketIoRobustnessTest {
    private static final RateLimit UNLIMITED = new RateLimit(1_000_000, 1_000_000);
    private static final String SEPARATOR = "\u001e";

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Random random = new Random(42);

    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private TestApp app;

    private SocketIoTestServer server;

    @BeforeEach
    void start() {
        server = SocketIoTestServer.over(app, UNLIMITED);
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    @Test
    void malformedPollingPayloadsGetClientErrorsAndTheServerKeepsWorking() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        malformedPackets().forEach(packet -> bodies.add(packet.getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < 100; i++) {
            byte[] noise = new byte[1 + random.nextInt(2_000)];
            random.nextBytes(noise);
            bodies.add(noise);
        }
        bodies.add(new byte[SocketIoServlet.MAX_PAYLOAD_BYTES + 1]);

        for (byte[] body : bodies) {
            String sid = connectedPollingSession();
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(pollingUri(sid)).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            assertThat(response.statusCode()).as("POST %s", preview(body)).isLessThan(500);
        }
        assertServerStillWorks();
    }

    @Test
    void badRequestsAroundTheProtocolGetClientErrors() throws Exception {
        String sid = connectedPollingSession();
        List<HttpRequest.Builder> requests = new ArrayList<>();
        for (String query : List.of(
                "",
                "?",
                "?EIO=3&transport=polling",
                "?EIO=5&transport=polling",
                "?EIO=4",
                "?EIO=4&transport=flash",
                "?EIO=4&transport=websocket",
                "?EIO=4&EIO=4&transport=polling",
                "?EIO=4&transport=polling&j=0",
                "?EIO=4&transport=polling&sid=unknown",
                "?EIO=4&transport=polling&sid=" + sid + "&sid=" + sid,
                "?=&&==&EIO=4&transport=polling")) {
            requests.add(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/socket.io/" + query)));
            requests.add(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/socket.io/" + query))
                    .POST(HttpRequest.BodyPublishers.ofString("40")));
        }
        for (String method : List.of("PUT", "DELETE", "PATCH", "TRACE")) {
            requests.add(HttpRequest.newBuilder(pollingUri(sid))
                    .method(method, HttpRequest.BodyPublishers.ofString("42[\"cancel\",{}]")));
        }
        requests.add(HttpRequest.newBuilder(pollingUri(sid)).HEAD());
        requests.add(HttpRequest.newBuilder(pollingUri(null)).POST(HttpRequest.BodyPublishers.ofString("40")));

        for (HttpRequest.Builder request : requests) {
            HttpResponse<String> response = send(request);
            assertThat(response.statusCode()).as("%s", request.build()).isBetween(400, 499);
        }
        // Not errors: a CORS preflight is answered, and a valid packet sent in chunks of unknown length is taken.
        HttpResponse<String> preflight =
                send(HttpRequest.newBuilder(pollingUri(sid)).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.statusCode()).isEqualTo(204);
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(pollingUri(sid))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        "42[\"cancel\",{\"agent_id\":1}]".getBytes(StandardCharsets.UTF_8)))));
        assertThat(chunked.statusCode()).isEqualTo(200);
        for (String query : List.of("?EIO=4&transport=polling&sid=%zz", "?EIO=%&transport=polling", "?%%%")) {
            assertThat(rawGetStatus("/socket.io/" + query)).as(query).isBetween(400, 499);
        }
        assertServerStillWorks();
    }

    @Test
    void overlappingPollsAreAClientErrorNotAServerError() throws Exception {
        String sid = connectedPollingSession();
        send(HttpRequest.newBuilder(pollingUri(sid))); // takes the CONNECT answer, so the next poll waits
        CompletableFuture<HttpResponse<String>> first =
                http.sendAsync(HttpRequest.newBuilder(pollingUri(sid)).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);
        HttpResponse<String> second = send(HttpRequest.newBuilder(pollingUri(sid)));

        assertThat(second.statusCode()).isLessThan(500);
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isLessThan(500);
        assertServerStillWorks();
    }

    @Test
    void malformedWebSocketFramesCloseOrGetErrorsAndTheServerKeepsWorking() throws Exception {
        // "41" is no mistake but a client leaving the namespace; leaving and joining again is tested below.
        List<String> frames = new ArrayList<>(malformedPackets());
        frames.remove("41");
        for (int i = 0; i < 60; i++) {
            frames.add(randomText(1 + random.nextInt(500)));
        }
        for (String frame : frames) {
            try (RawWebSocket socket = RawWebSocket.connect(server.port(), app.token())) {
                socket.sendText(frame);
                socket.sendText("42[\"agent_status_request\",{\"agent_id\":1}]");
                assertThat(socket.answeredOrClosed("agent_status"))
                        .as("after %s", preview(frame.getBytes(StandardCharsets.UTF_8)))
                        .isTrue();
            }
        }
        for (int i = 0; i < 20; i++) {
            try (RawWebSocket socket = RawWebSocket.connect(server.port(), app.token())) {
                byte[] noise = new byte[1 + random.nextInt(500)];
                random.nextBytes(noise);
                socket.sendBinary(noise);
                assertThat(socket.closed().get(10, TimeUnit.SECONDS)).isNotNull();
            }
        }
        assertServerStillWorks();
    }

    @Test
    void aClientThatLeftTheNamespaceMayJoinAgainOnTheSameConnection() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(server.port(), app.token())) {
            socket.sendText("41");
            socket.sendText("40{\"token\":\"wrong\"}");
            assertThat(socket.next()).startsWith("44{");
            socket.sendText("40{\"token\":\"" + app.token() + "\"}");
            assertThat(socket.next()).startsWith("40{\"sid\":");
            socket.sendText("42[\"agent_status_request\",{\"agent_id\":1}]");
            assertThat(socket.answeredOrClosed("agent_status")).isTrue();
            assertThat(socket.closed()).isNotDone();
        }
    }

    @Test
    void tooDeeplyNestedJsonClosesTheConnectionBeforeAnyoneParsesIt() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(server.port(), app.token())) {
            socket.sendText("42[\"x\"," + "[".repeat(50_000) + "]");
            assertThat(socket.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        }
        assertServerStillWorks();
    }

    private List<String> malformedPackets() {
        String token = app.token();
        List<String> packets = new ArrayList<>(List.of(
                "",
                "7",
                "9abc",
                "x",
                "bnot base64!",
                "b" + java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}),
                "\u0660",
                "4",
                "40",
                "41",
                "42",
                "42[",
                "42[]",
                "42[null]",
                "42{}",
                "42\"x\"",
                "42[\"send_message\"",
                "42[\"send_message\",{\"agent_id\":}]",
                "42[\"send_message\",'single',[[['\"']]]]",
                "42[\"send_message\",{\"agent_id\":1e999,\"message\":\"hi\"}]",
                "42[\"send_message\",{\"agent_id\":-1,\"message\":\"hi\"}]",
                "42[\"send_message\",{\"agent_id\":1,\"message\":[1,2]}]",
                "42[\"send_message\",\"" + "x".repeat(500_000) + "\"]",
                "42[\"" + "e".repeat(100_000) + "\",{}]",
                "42[1,2,3]",
                "42[{\"a\":1}]",
                "42[\"disconnect\"]",
                "42[\"connect\",{}]",
                "42[\"cancel\"]",
                "42[\"cancel\",null]",
                "42[\"workflow_update\",5]",
                "4299999999999999999999[\"cancel\",{}]",
                "42abc[\"cancel\",{}]",
                "43",
                "431[]",
                "44",
                "44{\"message\":\"x\"}",
                "45",
                "451-[\"x\",{\"_placeholder\":true,\"num\":0}]",
                "4999-[\"x\"]",
                "46",
                "47",
                "4/",
                "4/nsp",
                "42/nsp,[\"cancel\",{}]",
                "42/\",[\"x\",\"" + "[".repeat(200) + "]",
                "40/admin,{\"token\":\"" + token + "\"}",
                "40{\"token\":\"" + token + "\"}",
                "40{\"token\":5}",
                "40{\"token\":",
                "40[\"token\"]",
                "4\u0660{\"token\":\"wrong\"}",
                "4\u0000",
                "2",
                "2probe",
                "3",
                "3probe",
                "5",
                "6",
                "1",
                "0",
                "42[\"cancel\",{}]" + SEPARATOR,
                SEPARATOR + SEPARATOR,
                "42[\"x\"," + "[".repeat(100_000) + "]",
                "42[\"x\"," + "{\"a\":".repeat(30_000) + "1" + "}".repeat(30_000) + "]"));
        for (int i = 0; i < 20; i++) {
            packets.add("4" + random.nextInt(10) + randomText(random.nextInt(200)));
        }
        return packets;
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        String alphabet = "0123456789[]{}\",:/-\\'abcXYZ \u001e\u00e9\u4e2d";
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private String connectedPollingSession() throws Exception {
        HttpResponse<String> handshake = send(HttpRequest.newBuilder(pollingUri(null)));
        assertThat(handshake.statusCode()).isEqualTo(200);
        String sid = new JSONObject(handshake.body().substring(1)).getString("sid");
        HttpResponse<String> connect = send(HttpRequest.newBuilder(pollingUri(sid))
                .POST(HttpRequest.BodyPublishers.ofString("40{\"token\":\"" + app.token() + "\"}")));
        assertThat(connect.statusCode()).isEqualTo(200);
        return sid;
    }

    private void assertServerStillWorks() throws Exception {
        assertThat(send(HttpRequest.newBuilder(pollingUri(null))).statusCode()).isEqualTo(200);
        for (String transport : List.of("polling", "websocket")) {
            try (SioTestClient client = SioTestClient.connect(server.baseUrl(), app.token(), transport)) {
                client.emit("agent_status_request", new JSONObject().put("agent_id", 1));
                assertThat(client.next().name()).isEqualTo("agent_status");
            }
        }
    }

    /** For request lines the JDK client will not send. */
    private int rawGetStatus(String pathAndQuery) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(
                            new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private URI pollingUri(String sid) {
        return URI.create(
                server.baseUrl() + "/socket.io/?EIO=4&transport=polling" + (sid == null ? "" : "&sid=" + sid));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 80 ? text.substring(0, 80) + "… (" + body.length + " bytes)" : text;
    }

    /** A WebSocket speaking engine.io by hand: opened, joined with the token, then fed whatever a test likes. */
    private static final class RawWebSocket implements AutoCloseable, WebSocket.Listener {
        private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static RawWebSocket connect(int port, String token) throws Exception {
            RawWebSocket raw = new RawWebSocket();
            raw.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"), raw)
                    .get(10, TimeUnit.SECONDS);
            assertThat(raw.next()).startsWith("0{");
            raw.sendText("40{\"token\":\"" + token + "\"}");
            assertThat(raw.next()).startsWith("40{\"sid\":");
            return raw;
        }

        void sendText(String text) {
            if (!closed.isDone()) {
                socket.sendText(text, true).exceptionally(failure -> null).join();
            }
        }

        void sendBinary(byte[] bytes) {
            socket.sendBinary(ByteBuffer.wrap(bytes), true)
                    .exceptionally(failure -> null)
                    .join();
        }

        /** Whether the server answered with the event (an error event counts too) or closed; false if it hung. */
        boolean answeredOrClosed(String event) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (closed.isDone()) {
                    return true;
                }
                String packet = received.poll(100, TimeUnit.MILLISECONDS);
                if (packet != null
                        && (packet.startsWith("42[\"" + event + "\"") || packet.startsWith("42[\"error\""))) {
                    return true;
                }
            }
            return false;
        }

        CompletableFuture<Integer> closed() {
            return closed;
        }

        private String next() throws InterruptedException {
            String packet = received.poll(10, TimeUnit.SECONDS);
            assertThat(packet).as("a packet within 10 s").isNotNull();
            return packet;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
