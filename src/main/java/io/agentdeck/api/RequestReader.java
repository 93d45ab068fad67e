package io.agentdeck.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and checks what a client sent, so handlers see only well-typed values and clients get precise 400s. */
public final class RequestReader {
    private final ObjectMapper json;

    RequestReader(ObjectMapper json) {
        this.json = json;
    }

    /** The body as a JSON object; an empty body counts as {} so that bodiless POSTs such as init work. */
    JsonBody body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            return new JsonBody(JsonNodeFactory.instance.objectNode());
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(notJson(e));
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("The request body must be a JSON object.");
        }
        return new JsonBody(object);
    }

    /** Where the JSON broke, when the parser knows (limits such as nesting depth have no location). */
    public static String notJson(JsonProcessingException e) {
        var location = e.getLocation();
        return location == null
                ? "The request body is not acceptable JSON (too deeply nested or too large)."
                : "The request body is not valid JSON (line " + location.getLineNr() + ", column "
                        + location.getColumnNr() + ").";
    }

    static long pathId(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            long id = Long.parseLong(raw);
            if (id < 1) {
                throw ApiException.badRequest("'" + name + "' must be a positive number, not '" + raw + "'.");
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a number, not '" + abbreviated(raw) + "'.");
        }
    }

    static Optional<Long> queryLong(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(raw.strip());
            if (value < 1) {
                throw ApiException.badRequest("'" + name + "' must be a positive number.");
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a number, not '" + abbreviated(raw) + "'.");
        }
    }

    static int queryLimit(Context ctx, int defaultLimit, int max) {
        long limit = queryLong(ctx, "limit").orElse((long) defaultLimit);
        if (limit > max) {
            throw ApiException.badRequest("'limit' must be between 1 and " + max + ".");
        }
        return (int) limit;
    }

    private static String abbreviated(String raw) {
        return raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
    }

    /** Typed access to a JSON object's fields, each failure naming the field. */
    record JsonBody(ObjectNode node) {
        String requiredText(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw ApiException.badRequest("'" + field + "' is required.");
            }
            if (!value.isTextual()) {
                throw ApiException.badRequest("'" + field + "' must be a string.");
            }
            return value.asText();
        }

        Optional<String> optionalText(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isTextual()) {
                throw ApiException.badRequest("'" + field + "' must be a string.");
            }
            return Optional.of(value.asText());
        }

        Optional<Long> optionalId(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (value.isIntegralNumber() && value.canConvertToLong() && value.asLong() > 0) {
                return Optional.of(value.asLong());
            }
            if (value.isTextual() && value.asText().matches("[1-9][0-9]{0,17}")) {
                return Optional.of(Long.parseLong(value.asText()));
            }
            throw ApiException.badRequest("'" + field + "' must be a positive whole number.");
        }

        /** Whether the body names {@code field} at all, even as null: null then means "back to the default". */
        boolean has(String field) {
            return node.has(field);
        }

        /** An optional whole number from {@code min} to {@code max}; null or absent is empty. */
        Optional<Integer> optionalInt(String field, int min, int max) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (value.isIntegralNumber() && value.canConvertToInt() && value.asInt() >= min && value.asInt() <= max) {
                return Optional.of(value.asInt());
            }
            throw ApiException.badRequest(
                    "'" + field + "' must be a whole number from " + min + " to " + max + ", or null.");
        }

        /** A true or false that must be there. */
        boolean requiredFlag(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw ApiException.badRequest("'" + field + "' is required.");
            }
            return flag(field);
        }

        boolean flag(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return false;
            }
            if (!value.isBoolean()) {
                throw ApiException.badRequest("'" + field + "' must be true or false.");
            }
            return value.asBoolean();
        }

        /** A required list of positive ids, e.g. {@code "collections": [1, 4]}. */
        List<Long> requiredIdList(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull() || !value.isArray()) {
                throw ApiException.badRequest("'" + field + "' must be a list of ids.");
            }
            List<Long> ids = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isIntegralNumber() || !item.canConvertToLong() || item.asLong() < 1) {
                    throw ApiException.badRequest("'" + field + "' must be a list of ids.");
                }
                ids.add(item.asLong());
            }
            return ids;
        }

        /** A list of strings that must be there (it may be empty). */
        List<String> requiredTextList(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw ApiException.badRequest("'" + field + "' is required.");
            }
            return textList(field);
        }

        List<String> textList(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw ApiException.badRequest("'" + field + "' must be a list of strings.");
            }
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw ApiException.badRequest("'" + field + "' must be a list of strings.");
                }
                items.add(item.asText());
            }
            return items;
        }
    }
}
