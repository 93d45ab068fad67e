package io.agentdeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One HTTP/1.1 client with its own connection, as a separate program calling the API would be. Anything but a 2xx is
 * an exception; a 429 says that the rate limit was not switched off.
 */
final class Rest implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;
    private final Optional<String> token;

    Rest(String baseUrl, Optional<String> token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    String get(String path) {
        return send(request(path).GET());
    }

    String post(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    JsonNode postJson(String path, String json) {
        return parse(post(path, json));
    }

    JsonNode getJson(String path) {
        return parse(get(path));
    }

    /** Creates a thread for an agent and returns its id. */
    long newConversation(long agentId, String title) {
        return postJson("/api/agents/" + agentId + "/conversations", "{\"title\":\"" + title + "\"}")
                .get("id")
                .asLong();
    }

    HttpClient client() {
        return client;
    }

    static String messageBody(String message, long conversationId) {
        return JSON.createObjectNode()
                .put("message", message)
                .put("conversation_id", conversationId)
                .toString();
    }

    /** The WebSocket frame of a {@code send_message} event, as a client sends it. */
    static String sendMessageFrame(long agentId, String message, long conversationId, String requestId) {
        JsonNode data = JSON.createObjectNode()
                .put("agent_id", agentId)
                .put("message", message)
                .put("conversation_id", conversationId)
                .put("request_id", requestId);
        return JSON.createObjectNode()
                .put("event", "send_message")
                .set("data", data)
                .toString();
    }

    /** A WebSocket {@code cancel}: stops the agent's running reply and drops its queued messages. */
    static String cancelFrame(long agentId) {
        return JSON.createObjectNode()
                .put("event", "cancel")
                .set("data", JSON.createObjectNode().put("agent_id", agentId))
                .toString();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
        return builder;
    }

    private String send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) {
                throw new RateLimited(built.uri().getPath());
            }
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(built.method() + " "
                        + built.uri().getPath() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** The server still limits the request rate: the numbers would measure the limiter, not the server. */
    static final class RateLimited extends RuntimeException {
        RateLimited(String path) {
            super("429 on " + path + ": the server still limits the request rate although AGENTDECK_RATE_LIMIT=0 is"
                    + " set (see docs/benchmarks.md for measuring a server that does not know that variable)");
        }
    }
}
