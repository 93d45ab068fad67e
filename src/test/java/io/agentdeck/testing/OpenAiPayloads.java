package io.agentdeck.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The JSON shapes of the OpenAI chat completions API, as far as clients read them. */
final class OpenAiPayloads {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final int JSON_FRAGMENT_LENGTH = 8;

    private OpenAiPayloads() {}

    static String toJson(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode models() {
        ObjectNode models = MAPPER.createObjectNode().put("object", "list");
        models.putArray("data")
                .addObject()
                .put("id", FakeOpenAiServer.MODEL)
                .put("object", "model")
                .put("created", 0)
                .put("owned_by", "agentdeck-tests");
        return models;
    }

    static ObjectNode error(String message, String type, String code) {
        ObjectNode body = MAPPER.createObjectNode();
        body.putObject("error")
                .put("message", message)
                .put("type", type)
                .putNull("param")
                .put("code", code);
        return body;
    }

    static ObjectNode completion(
            RecordedRequest request, ObjectNode message, String finishReason, int completionTokens) {
        ObjectNode completion = envelope(request, "chat.completion");
        completion
                .putArray("choices")
                .addObject()
                .put("index", 0)
                .<ObjectNode>set("message", message)
                .putNull("logprobs")
                .put("finish_reason", finishReason);
        completion.set("usage", usage(request, completionTokens));
        return completion;
    }

    static ObjectNode chunk(RecordedRequest request, ObjectNode delta, String finishReason) {
        ObjectNode chunk = envelope(request, "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    /** The extra last chunk sent when the request asked for {@code stream_options.include_usage}. */
    static ObjectNode usageChunk(RecordedRequest request, int completionTokens) {
        ObjectNode chunk = envelope(request, "chat.completion.chunk");
        chunk.putArray("choices");
        chunk.set("usage", usage(request, completionTokens));
        return chunk;
    }

    static ObjectNode textMessage(String content) {
        return MAPPER.createObjectNode()
                .put("role", "assistant")
                .put("content", content)
                .putNull("refusal");
    }

    static ObjectNode toolCallsMessage(List<FakeReply.ToolCall> calls, RecordedRequest request) {
        ObjectNode message = MAPPER.createObjectNode().put("role", "assistant").putNull("content");
        ArrayNode toolCalls = message.putArray("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            FakeReply.ToolCall call = calls.get(i);
            toolCalls
                    .addObject()
                    .put("id", toolCallId(call, i, request))
                    .put("type", "function")
                    .putObject("function")
                    .put("name", call.name())
                    .put("arguments", call.arguments());
        }
        return message;
    }

    static ObjectNode roleDelta() {
        return MAPPER.createObjectNode().put("role", "assistant").put("content", "");
    }

    static ObjectNode contentDelta(String piece) {
        return MAPPER.createObjectNode().put("content", piece);
    }

    /** Per call: a delta naming the function, then deltas carrying fragments of its arguments. */
    static List<ObjectNode> toolCallDeltas(List<FakeReply.ToolCall> calls, RecordedRequest request) {
        List<ObjectNode> deltas = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            FakeReply.ToolCall call = calls.get(i);
            ObjectNode opening = MAPPER.createObjectNode();
            opening.putArray("tool_calls")
                    .addObject()
                    .put("index", i)
                    .put("id", toolCallId(call, i, request))
                    .put("type", "function")
                    .putObject("function")
                    .put("name", call.name())
                    .put("arguments", "");
            deltas.add(opening);
            for (String fragment : fragments(call.arguments())) {
                ObjectNode next = MAPPER.createObjectNode();
                next.putArray("tool_calls")
                        .addObject()
                        .put("index", i)
                        .putObject("function")
                        .put("arguments", fragment);
                deltas.add(next);
            }
        }
        return deltas;
    }

    /** Words with their trailing whitespace, so that the pieces concatenate to the original text. */
    static List<String> words(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("(?<=\\s)(?=\\S)"));
    }

    static List<String> fragments(String text) {
        List<String> fragments = new ArrayList<>();
        for (int start = 0; start < text.length(); start += JSON_FRAGMENT_LENGTH) {
            fragments.add(text.substring(start, Math.min(text.length(), start + JSON_FRAGMENT_LENGTH)));
        }
        return fragments;
    }

    private static ObjectNode envelope(RecordedRequest request, String object) {
        String model = request.model() == null ? FakeOpenAiServer.MODEL : request.model();
        return MAPPER.createObjectNode()
                .put("id", "chatcmpl-fake-" + request.sequence())
                .put("object", object)
                .put("created", request.receivedAt().getEpochSecond())
                .put("model", model)
                .put("system_fingerprint", "fp_fake");
    }

    private static ObjectNode usage(RecordedRequest request, int completionTokens) {
        int promptTokens = promptTokens(request);
        return MAPPER.createObjectNode()
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
    }

    // A deterministic stand-in for a tokenizer: one token per word of every message.
    private static int promptTokens(RecordedRequest request) {
        return request.messages().stream()
                .map(RecordedRequest.Message::content)
                .filter(content -> content != null && !content.isBlank())
                .mapToInt(content -> content.strip().split("\\s+").length)
                .sum();
    }

    private static String toolCallId(FakeReply.ToolCall call, int position, RecordedRequest request) {
        return call.id() != null ? call.id() : "call_" + request.sequence() + "_" + (position + 1);
    }
}
