package io.agentdeck.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Writes a {@link FakeReply} as the HTTP response to one chat completion request, plain or streamed. */
final class ReplyWriter {
    /**
     * How long a cut stream stays open after its last chunk. The JDK client discards data it has received but not yet
     * handed over once the connection fails, so cutting at once would race the client for the chunks.
     */
    private static final Duration CUT_GRACE = Duration.ofMillis(200);

    private final CountDownLatch closed;

    /** @param closed counted down when the server closes; every wait gives up then */
    ReplyWriter(CountDownLatch closed) {
        this.closed = closed;
    }

    /**
     * Thrown out of the HTTP handler on purpose: the JDK server then drops the socket without ending the response,
     * which is how a connection cut looks to the client.
     */
    static final class ConnectionAbort extends RuntimeException {
        ConnectionAbort() {
            super("connection dropped on purpose", null, false, false);
        }
    }

    /** A reply with content: the plain message, the stream deltas, and the finish reason of both. */
    private record Completion(ObjectNode message, List<ObjectNode> deltas, String finishReason) {}

    /**
     * @param finishing run just before the client can see the response end, so that the server's in-flight count
     *     never lags behind what the client observes
     */
    void write(HttpExchange exchange, RecordedRequest request, FakeReply reply, Runnable finishing) throws IOException {
        write(exchange, request, reply, Duration.ZERO, finishing);
    }

    static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = OpenAiPayloads.toJson(body).getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void sendError(HttpExchange exchange, FakeReply.HttpError error) throws IOException {
        if (error.retryAfter() != null) {
            long millis = error.retryAfter().toMillis();
            exchange.getResponseHeaders().set("Retry-After", Long.toString((millis + 999) / 1000));
            exchange.getResponseHeaders().set("retry-after-ms", Long.toString(millis));
        }
        sendJson(exchange, error.status(), OpenAiPayloads.error(error.message(), error.type(), error.code()));
    }

    private void write(
            HttpExchange exchange, RecordedRequest request, FakeReply reply, Duration perToken, Runnable finishing)
            throws IOException {
        switch (reply) {
            case FakeReply.Delayed(FakeReply inner, Duration delay) -> {
                pause(delay);
                write(exchange, request, inner, perToken, finishing);
            }
            case FakeReply.Paced(FakeReply inner, Duration pace) -> write(exchange, request, inner, pace, finishing);
            case FakeReply.Text(String content, String finishReason) ->
                complete(
                        exchange,
                        request,
                        new Completion(
                                OpenAiPayloads.textMessage(content),
                                contentDeltas(OpenAiPayloads.words(content)),
                                finishReason),
                        perToken,
                        finishing);
            case FakeReply.Json(String content) ->
                complete(
                        exchange,
                        request,
                        new Completion(
                                OpenAiPayloads.textMessage(content),
                                contentDeltas(OpenAiPayloads.fragments(content)),
                                "stop"),
                        perToken,
                        finishing);
            case FakeReply.ToolCalls(List<FakeReply.ToolCall> calls) ->
                complete(
                        exchange,
                        request,
                        new Completion(
                                OpenAiPayloads.toolCallsMessage(calls, request),
                                OpenAiPayloads.toolCallDeltas(calls, request),
                                "tool_calls"),
                        perToken,
                        finishing);
            case FakeReply.HttpError error -> {
                finishing.run();
                sendError(exchange, error);
            }
            case FakeReply.Hang() -> hang();
            case FakeReply.Malformed(String body) -> malformed(exchange, request, body, finishing);
            case FakeReply.StreamCut(String content, int chunksBeforeCut) ->
                cut(exchange, request, content, chunksBeforeCut, perToken);
        }
    }

    private void complete(
            HttpExchange exchange,
            RecordedRequest request,
            Completion completion,
            Duration perToken,
            Runnable finishing)
            throws IOException {
        int completionTokens = completion.deltas().size();
        if (!request.stream()) {
            finishing.run();
            sendJson(
                    exchange,
                    200,
                    OpenAiPayloads.completion(
                            request, completion.message(), completion.finishReason(), completionTokens));
            return;
        }
        EventStream events = EventStream.open(exchange);
        events.send(OpenAiPayloads.chunk(request, OpenAiPayloads.roleDelta(), null));
        for (ObjectNode delta : completion.deltas()) {
            pause(perToken);
            events.send(OpenAiPayloads.chunk(request, delta, null));
        }
        finishing.run();
        events.send(OpenAiPayloads.chunk(request, OpenAiPayloads.MAPPER.createObjectNode(), completion.finishReason()));
        if (request.includeUsage()) {
            events.send(OpenAiPayloads.usageChunk(request, completionTokens));
        }
        events.done();
    }

    private void malformed(HttpExchange exchange, RecordedRequest request, String body, Runnable finishing)
            throws IOException {
        finishing.run();
        if (!request.stream()) {
            byte[] bytes = body.getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            return;
        }
        EventStream events = EventStream.open(exchange);
        events.data(body);
        events.done();
    }

    private void cut(
            HttpExchange exchange, RecordedRequest request, String content, int chunksBeforeCut, Duration perToken)
            throws IOException {
        List<String> words = OpenAiPayloads.words(content);
        if (!request.stream()) {
            ObjectNode completion =
                    OpenAiPayloads.completion(request, OpenAiPayloads.textMessage(content), "stop", words.size());
            byte[] bytes = OpenAiPayloads.toJson(completion).getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            OutputStream out = exchange.getResponseBody();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            throw new ConnectionAbort();
        }
        EventStream events = EventStream.open(exchange);
        events.send(OpenAiPayloads.chunk(request, OpenAiPayloads.roleDelta(), null));
        for (ObjectNode delta : contentDeltas(words.subList(0, Math.min(chunksBeforeCut, words.size())))) {
            pause(perToken);
            events.send(OpenAiPayloads.chunk(request, delta, null));
        }
        pause(CUT_GRACE);
        throw new ConnectionAbort();
    }

    private static List<ObjectNode> contentDeltas(List<String> pieces) {
        return pieces.stream().map(OpenAiPayloads::contentDelta).toList();
    }

    private void pause(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            if (closed.await(duration.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ConnectionAbort();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionAbort();
        }
    }

    private void hang() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ConnectionAbort();
    }

    /** Server-sent events over a chunked response, flushed event by event. */
    private record EventStream(OutputStream out) {
        static EventStream open(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            return new EventStream(exchange.getResponseBody());
        }

        void send(JsonNode chunk) throws IOException {
            data(OpenAiPayloads.toJson(chunk));
        }

        void data(String data) throws IOException {
            out.write(("data: " + data + "\n\n").getBytes(UTF_8));
            out.flush();
        }

        void done() throws IOException {
            data("[DONE]");
            out.close();
        }
    }
}
