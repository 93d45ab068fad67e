package io.agentdeck.api.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.agentdeck.engine.chat.ToolCallInfo;

/**
 * The call a tool message records. {@code arguments} is the JSON object the model wrote; when the model wrote
 * something that is not a JSON object, it is given as {@code {"raw": "<what it wrote>"}}.
 */
public record ToolCallDto(String callId, String name, JsonNode arguments, String status, long durationMs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ToolCallDto of(ToolCallInfo call, long durationMs) {
        return new ToolCallDto(
                call.callId(),
                call.name(),
                arguments(call.arguments()),
                call.status().wireName(),
                durationMs);
    }

    public static JsonNode arguments(String written) {
        if (written == null || written.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = JSON.readTree(written);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // shown as written, below
        }
        return JsonNodeFactory.instance.objectNode().put("raw", written);
    }
}
