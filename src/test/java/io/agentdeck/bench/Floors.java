package io.agentdeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeck.testing.FakeOpenAiServer;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the server's figures are compared with: the fake model on its own (the same request the server sends it,
 * straight from a client) and an empty Javalin 7 route ({@code GET /ping}) in this JVM.
 */
final class Floors {
    /** Single-client round trips and the rate of 16 clients, of one floor. */
    record Floor(Samples oneClient, double sixteenClientsPerSecond) {}

    /** Straight streaming from the fake: send to first content token, and send to the end. */
    record Streamed(Samples firstToken, Samples total) {}

    private final FakeOpenAiServer fake;
    private final Budget budget;

    Floors(FakeOpenAiServer fake, Budget budget) {
        this.fake = fake;
        this.budget = budget;
    }

    /** The fake model answering {@code body} (a request the server sent it), without the server in between. */
    Floor fakeModel(String body) {
        URI uri = URI.create(fake.baseUrl() + "/chat/completions");
        return measure(client -> client.send(post(uri, body), HttpResponse.BodyHandlers.ofString()));
    }

    /** A bare Javalin 7 app (virtual threads, like the server's) with one {@code GET /ping}. */
    Floor emptyJavalinRoute() {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.routes.get("/ping", ctx -> ctx.result("pong"));
        });
        app.start("127.0.0.1", 0);
        try {
            URI uri = URI.create("http://127.0.0.1:" + app.port() + "/ping");
            return measure(client ->
                    client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()));
        } finally {
            app.stop();
        }
    }

    /**
     * The fake streaming {@code tokens} tokens straight to a client: {@code body} made a streaming request whose last
     * user message asks for that many tokens.
     */
    Streamed fakeStream(String body, int tokens, int warmUp, int measured) {
        URI uri = URI.create(fake.baseUrl() + "/chat/completions");
        HttpRequest request = post(uri, streaming(body, "tokens " + tokens));
        Samples firstToken = new Samples();
        Samples total = new Samples();
        try (HttpClient client = newClient()) {
            for (int i = 0; i < warmUp + measured; i++) {
                long started = System.nanoTime();
                long first = 0;
                int received = 0;
                HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
                try (Stream<String> lines = response.body()) {
                    Iterator<String> it = lines.iterator();
                    while (it.hasNext()) {
                        String line = it.next();
                        if (line.startsWith("data: {") && line.contains("\"content\":\"tok")) {
                            received++;
                            if (first == 0) {
                                first = System.nanoTime();
                            }
                        } else if (line.equals("data: [DONE]")) {
                            break;
                        }
                    }
                }
                long ended = System.nanoTime();
                if (received != tokens) {
                    throw new IllegalStateException("The fake streamed " + received + " tokens, not " + tokens);
                }
                if (i >= warmUp) {
                    firstToken.add(first - started);
                    total.add(ended - started);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Streamed(firstToken, total);
    }

    @FunctionalInterface
    private interface Call {
        HttpResponse<String> send(HttpClient client) throws Exception;
    }

    private Floor measure(Call call) {
        Samples one;
        try (HttpClient single = newClient()) {
            one = ClosedLoop.run(
                            List.of(i -> check(call.send(single))),
                            budget.seconds(2),
                            budget.count(5_000),
                            budget.seconds(8))
                    .latency();
        }
        List<HttpClient> clients = new ArrayList<>();
        List<ClosedLoop.Operation> operations = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            HttpClient client = newClient();
            clients.add(client);
            operations.add(i -> check(call.send(client)));
        }
        try {
            double rate = ClosedLoop.run(operations, budget.seconds(2), budget.count(10_000), budget.seconds(5))
                    .perSecond();
            return new Floor(one, rate);
        } finally {
            clients.forEach(HttpClient::close);
        }
    }

    private static long check(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("floor answered " + response.statusCode() + ": " + response.body());
        }
        return 0;
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer sk-bench")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** The request as a streaming one whose last user message is {@code question}. */
    static String streaming(String body, String question) {
        ObjectNode request = (ObjectNode) Rest.parse(body);
        request.put("stream", true);
        request.putObject("stream_options").put("include_usage", true);
        ArrayNode messages = (ArrayNode) request.get("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asText())) {
                ((ObjectNode) message).put("content", question);
                break;
            }
        }
        return request.toString();
    }
}
