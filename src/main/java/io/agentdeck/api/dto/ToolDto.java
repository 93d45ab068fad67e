package io.agentdeck.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.agentdeck.engine.ToolService.ListedTool;
import java.util.Map;

/** A tool as {@code GET /api/tools} lists it; {@code policy} applies to agents without a rule of their own. */
public record ToolDto(
        String name,
        String source,
        @JsonInclude(JsonInclude.Include.NON_NULL) String server,
        String description,
        Map<String, Object> parameters,
        boolean readOnly,
        boolean destructive,
        String policy) {

    public static ToolDto of(ListedTool tool) {
        return new ToolDto(
                tool.info().name(),
                tool.info().source().wireName(),
                tool.info().server().orElse(null),
                tool.info().description(),
                parameters(tool.info().specification().parameters()),
                tool.info().readOnly(),
                tool.info().destructive(),
                tool.policy().wireName());
    }

    /** The JSON schema of the arguments, as sent to the model; a tool without arguments takes an empty object. */
    private static Map<String, Object> parameters(JsonObjectSchema schema) {
        if (schema == null) {
            return Map.of("type", "object", "properties", Map.of());
        }
        return JsonSchemaElementUtils.toMap(schema);
    }
}
