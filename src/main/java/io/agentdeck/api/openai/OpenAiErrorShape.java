package io.agentdeck.api.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/**
 * Rewrites the API's error JSON into OpenAI's shape on the {@code /v1} routes. It runs after everything else, so
 * refusals from the shared security gate and body fence (401, 403, 413, 415, 429) and unknown routes get the shape
 * the OpenAI SDKs parse too, while the rest of the API keeps one error mapper.
 */
final class OpenAiErrorShape {
    private final ObjectMapper json;

    OpenAiErrorShape(ObjectMapper json) {
        this.json = json;
    }

    void apply(Context ctx) {
        if (ctx.statusCode() < 400) {
            return;
        }
        String body = ctx.result();
        if (body == null || body.isBlank()) {
            return;
        }
        JsonNode error;
        try {
            error = json.readTree(body);
        } catch (JsonProcessingException e) {
            return;
        }
        if (error == null || !error.path("error").isTextual()) {
            return; // already in OpenAI's shape, or not an error of ours
        }
        ctx.json(OpenAiErrorDto.of(
                ctx.statusCode(),
                error.get("error").asText(),
                error.path("code").asText(null),
                error.path("hint").asText(null)));
    }
}
