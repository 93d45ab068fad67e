package io.agentdeck.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One scripted behaviour of {@link FakeOpenAiServer} for one chat completion request. Content replies work for plain
 * and streaming requests alike; the wrappers {@link #after(Duration)} and {@link #tokenDelay(Duration)} combine with
 * any reply.
 */
public sealed interface FakeReply
        permits FakeReply.Text,
                FakeReply.Json,
                FakeReply.ToolCalls,
                FakeReply.HttpError,
                FakeReply.Hang,
                FakeReply.Malformed,
                FakeReply.StreamCut,
                FakeReply.Delayed,
                FakeReply.Paced {

    /** Assistant text; streamed word by word, each piece keeping its trailing whitespace. */
    static Text text(String content) {
        return new Text(content, "stop");
    }

    /** Assistant text cut off by the token limit: finish_reason "length". */
    static Text truncated(String content) {
        return new Text(content, "length");
    }

    /** Assistant content that is a JSON document, as for structured output; streamed in small fragments. */
    static Json json(String json) {
        return new Json(json);
    }

    /** Assistant content that is {@code value} serialized by Jackson. */
    static Json jsonOf(Object value) {
        try {
            return new Json(Json.MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialize " + value, e);
        }
    }

    /** One tool call; the server assigns its id. */
    static ToolCalls toolCall(String name, String argumentsJson) {
        return new ToolCalls(List.of(call(name, argumentsJson)));
    }

    /** Several tool calls in one assistant message, as with parallel tool calling. */
    static ToolCalls toolCalls(ToolCall... calls) {
        return new ToolCalls(List.of(calls));
    }

    static ToolCall call(String name, String argumentsJson) {
        return new ToolCall(null, name, argumentsJson);
    }

    static ToolCall call(String id, String name, String argumentsJson) {
        return new ToolCall(id, name, argumentsJson);
    }

    /** An HTTP error with an OpenAI-style error body; the error type follows from the status. */
    static HttpError error(int status, String message) {
        return new HttpError(status, HttpError.typeFor(status), null, message, null);
    }

    static HttpError serverError() {
        return error(500, "The server had an error while processing your request.");
    }

    static HttpError badRequest(String message) {
        return error(400, message);
    }

    static HttpError unauthorized() {
        return new HttpError(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.", null);
    }

    /** A 429 carrying {@code Retry-After} (whole seconds, rounded up) and {@code retry-after-ms}. */
    static HttpError rateLimited(Duration retryAfter) {
        return new HttpError(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests.", retryAfter);
    }

    /** Never answers: the client has to time out. Released when the server closes. */
    static Hang hang() {
        return new Hang();
    }

    /** A 200 whose body is not valid JSON (for streams: an event whose data is not valid JSON). */
    static Malformed malformed() {
        return new Malformed("{\"id\": \"chatcmpl-broken\", \"choices\": [{\"message\": ");
    }

    static Malformed malformed(String body) {
        return new Malformed(body);
    }

    /**
     * Streams the role chunk and the first {@code chunksBeforeCut} words of {@code content}, waits a moment for the
     * client to take them in, then drops the socket without {@code [DONE]}. A plain request gets half its body.
     */
    static StreamCut streamCut(String content, int chunksBeforeCut) {
        return new StreamCut(content, chunksBeforeCut);
    }

    static StreamCut streamCut() {
        return streamCut("This reply is cut off before it can finish", 2);
    }

    static Delayed delayed(Duration delay, FakeReply reply) {
        return new Delayed(reply, delay);
    }

    /** This reply, sent only after {@code delay}. */
    default FakeReply after(Duration delay) {
        return new Delayed(this, delay);
    }

    /** This reply, waiting {@code perToken} before each streamed content chunk. Ignored for plain requests. */
    default FakeReply tokenDelay(Duration perToken) {
        return new Paced(this, perToken);
    }

    record Text(String content, String finishReason) implements FakeReply {
        public Text {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(finishReason, "finishReason");
        }
    }

    record Json(String content) implements FakeReply {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        public Json {
            try {
                MAPPER.readTree(content);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "Not valid JSON (use FakeReply.text for broken content): " + content, e);
            }
        }
    }

    record ToolCalls(List<ToolCall> calls) implements FakeReply {
        public ToolCalls {
            if (calls.isEmpty()) {
                throw new IllegalArgumentException("At least one tool call is needed");
            }
            calls = List.copyOf(calls);
        }
    }

    /**
     * A tool call of a {@link ToolCalls} reply. A null {@code id} is assigned by the server as
     * {@code call_<request sequence>_<position>}. The arguments are sent as given, so they may be invalid JSON on purpose.
     */
    record ToolCall(String id, String name, String arguments) {
        public ToolCall {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }

    /** {@code code} and {@code retryAfter} may be null. */
    record HttpError(int status, String type, String code, String message, Duration retryAfter) implements FakeReply {
        public HttpError {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("Not an error status: " + status);
            }
        }

        static String typeFor(int status) {
            return switch (status) {
                case 401 -> "invalid_request_error";
                case 403 -> "permission_error";
                case 404 -> "not_found_error";
                case 429 -> "requests";
                default -> status >= 500 ? "server_error" : "invalid_request_error";
            };
        }
    }

    record Hang() implements FakeReply {}

    record Malformed(String body) implements FakeReply {}

    record StreamCut(String content, int chunksBeforeCut) implements FakeReply {}

    record Delayed(FakeReply reply, Duration delay) implements FakeReply {}

    record Paced(FakeReply reply, Duration perToken) implements FakeReply {}
}
