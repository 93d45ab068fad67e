package io.agentdeck.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Thousands of malformed requests (random bytes, wrong types, huge fields, odd paths and methods) with a fixed seed:
 * every answer is a documented status with the error JSON, never a 500, and the server keeps answering.
 */
@AppTest(shared = true, rateLimited = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzTest {
    private static final long SEED = 20261124L;
    private static final List<String> PATHS = List.of(
            "/api/status",
            "/api/init",
            "/api/agents",
            "/api/agents/create",
            "/api/agents/task",
            "/api/agents/{id}",
            "/api/agents/{id}/status",
            "/api/agents/{id}/message",
            "/api/agents/{id}/messages",
            "/api/agents/{id}/cancel",
            "/api/agents/{id}/conversations",
            "/api/conversations/{id}",
            "/api/tasks",
            "/api/tasks/{id}",
            "/api/tasks/{id}/cancel",
            "/v1/models",
            "/v1/chat/completions",
            "/openapi.json");
    private static final List<String> METHODS = List.of("GET", "POST", "PATCH", "DELETE", "PUT");
    private static final List<String> FIELDS = List.of(
            "message",
            "task",
            "role",
            "capabilities",
            "reason",
            "title",
            "conversation_id",
            "stream",
            "wait",
            "model",
            "messages",
            "request_id");

    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private TestApp app;

    private final Random random = new Random(SEED);

    @Test
    void malformedHttpRequestsNeverGetA500() {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            String method = pick(METHODS);
            String path = pick(PATHS).replace("{id}", randomId());
            if (random.nextInt(5) == 0) {
                path += "?" + randomQuery();
            }
            String contentType =
                    random.nextInt(6) == 0 ? pick(List.of("text/plain", "application/xml", "")) : "application/json";
            byte[] body = method.equals("GET") || method.equals("DELETE") ? new byte[0] : randomBody();
            HttpRequest.Builder request;
            try {
                request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            } catch (IllegalArgumentException e) {
                continue; // not even a URI the client can send
            }
            if (!contentType.isEmpty()) {
                request.header("Content-Type", contentType);
            }
            HttpJson.Response response;
            try {
                response = app.http().send(request);
            } catch (java.io.UncheckedIOException e) {
                failures.add(method + " " + path + " [" + contentType + ", " + body.length + " bytes: "
                        + abbreviate(new String(body, StandardCharsets.UTF_8)) + "] -> no answer: " + e.getMessage());
                continue;
            }
            if (response.status() >= 500
                    && response.status() != 502
                    && response.status() != 503
                    && response.status() != 504) {
                failures.add(method + " " + path + " -> " + response.status() + " " + abbreviate(response.body()));
            } else if (response.status() >= 400 && !hasErrorShape(response)) {
                failures.add(method + " " + path + " -> " + response.status() + " without error JSON: "
                        + abbreviate(response.body()));
            }
        }
        assertThat(failures).isEmpty();
        assertThat(app.http().get("/api/status").status()).isEqualTo(200);
        assertThat(app.http()
                        .post("/api/agents/1/message", "{\"message\": \"still there?\"}")
                        .json()
                        .get("response")
                        .asText())
                .isEqualTo("Echo: still there?");
    }

    @Test
    void malformedWebSocketFramesGetErrorEventsAndTheConnectionSurvives() throws Exception {
        List<String> events = List.of("send_message", "agent_status_request", "workflow_update", "cancel", "nope", "");
        try (var client = io.agentdeck.api.realtime.WsTestClient.connect(
                "ws://127.0.0.1:" + app.port() + "/ws?token=" + app.token())) {
            for (int i = 0; i < 1_500; i++) {
                String frame = switch (random.nextInt(5)) {
                    case 0 -> new String(randomBytes(random.nextInt(300)), StandardCharsets.ISO_8859_1);
                    case 1 -> "{\"event\": " + randomValue(0) + ", \"data\": " + randomValue(0) + "}";
                    case 2 -> "{\"event\": \"" + pick(events) + "\", \"data\": " + randomObject() + "}";
                    case 3 -> "{\"event\": \"" + pick(events) + "\", \"data\": " + randomValue(0) + "}";
                    default -> randomValue(0);
                };
                if (frame.length() > 60_000) {
                    continue; // over the frame limit the socket is closed by design; tested on its own
                }
                client.sendRaw(frame);
            }
            client.sendRaw("{\"event\": \"agent_status_request\", \"data\": {\"agent_id\": 1}}");
            var frames = client.until(f -> f.get("event").asText().equals("agent_status")
                    && f.at("/data/agent_id").asInt() == 1
                    && f.at("/data/queue_length").isInt());
            assertThat(frames)
                    .allSatisfy(f -> assertThat(f.get("event").asText())
                            .isIn(
                                    "error",
                                    "agent_status",
                                    "agent_token",
                                    "agent_response",
                                    "workflow_update",
                                    "task_update"));
            assertThat(frames)
                    .filteredOn(f -> f.get("event").asText().equals("error"))
                    .allSatisfy(f -> assertThat(f.at("/data/code").asText()).isNotEqualTo("internal_error"));
        }
        assertThat(app.http().get("/api/status").status()).isEqualTo(200);
    }

    private boolean hasErrorShape(HttpJson.Response response) {
        try {
            JsonNode json = response.json();
            // Our error JSON, or the OpenAI-shaped error of the /v1 routes.
            return (json.hasNonNull("code") && json.hasNonNull("error") && json.hasNonNull("hint"))
                    || json.path("error").hasNonNull("message");
        } catch (AssertionError e) {
            return false;
        }
    }

    private byte[] randomBody() {
        return switch (random.nextInt(7)) {
            case 0 -> randomBytes(random.nextInt(2_000));
            case 1 -> "{\"unterminated\": ".getBytes(StandardCharsets.UTF_8);
            case 2 -> ("[" + "[".repeat(random.nextInt(3_000)) + "]").getBytes(StandardCharsets.UTF_8);
            case 3 -> ("\"" + "x".repeat(random.nextInt(50_000)) + "\"").getBytes(StandardCharsets.UTF_8);
            default -> randomObject().getBytes(StandardCharsets.UTF_8);
        };
    }

    private String randomObject() {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"')
                    .append(random.nextInt(4) == 0 ? randomText(8) : pick(FIELDS))
                    .append("\":")
                    .append(randomValue(0));
        }
        return json.append('}').toString();
    }

    private String randomValue(int depth) {
        return switch (depth > 3 ? random.nextInt(5) : random.nextInt(8)) {
            case 0 -> String.valueOf(random.nextLong());
            case 1 -> random.nextBoolean() ? "true" : "null";
            case 2 -> "\"" + randomText(random.nextInt(40)) + "\"";
            case 3 -> "\"" + "y".repeat(random.nextInt(40_000)) + "\"";
            case 4 -> String.valueOf(random.nextDouble() * 1e300);
            case 5 -> "[" + randomValue(depth + 1) + "," + randomValue(depth + 1) + "]";
            case 6 -> "{\"role\":" + randomValue(depth + 1) + ",\"content\":" + randomValue(depth + 1) + "}";
            default -> "[{\"role\":\"user\",\"content\":" + randomValue(depth + 1) + "}]";
        };
    }

    private String randomId() {
        return switch (random.nextInt(6)) {
            case 0 -> String.valueOf(random.nextInt(5) + 1);
            case 1 -> String.valueOf(random.nextLong());
            case 2 -> "99999999999999999999999999";
            case 3 -> "-1";
            case 4 -> "%F0%9F%92%A5";
            default -> randomText(6).replaceAll("[^a-zA-Z0-9]", "a");
        };
    }

    private String randomQuery() {
        return pick(List.of("limit", "before", "status", "conversation_id", "token")) + "="
                + pick(List.of("0", "-5", "abc", "201", "1", "%00", "running", "x".repeat(3_000)));
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 0x20 + random.nextInt(0x5e)));
        }
        return text.toString().replace("\\", "").replace("\"", "");
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
