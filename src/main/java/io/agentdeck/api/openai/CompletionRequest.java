package io.agentdeck.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.api.ApiException;
import io.agentdeck.engine.chat.ChatService;
import io.agentdeck.engine.turn.ChatTurn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts of an OpenAI chat completion request that AgentDeck uses; every other field (temperature, max_tokens,
 * tools, n…) is accepted and ignored, because the agent decides how it answers.
 */
record CompletionRequest(String model, List<ChatTurn> messages, boolean stream, boolean includeUsage) {

    CompletionRequest {
        messages = List.copyOf(messages);
    }

    static CompletionRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object.");
        }
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw ApiException.badRequest("'model' is required: the slug of an agent, e.g. 'driver'.");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            throw ApiException.badRequest("'model' must be a non-empty string.");
        }
        return new CompletionRequest(
                model.asText().strip(),
                messages(body.get("messages")),
                flag(body, "stream"),
                includeUsage(body.get("stream_options")));
    }

    private static List<ChatTurn> messages(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            throw ApiException.badRequest("'messages' is required.");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiException.badRequest("'messages' must be a non-empty array of {role, content} objects.");
        }
        List<ChatTurn> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            turns.add(turn(messages.get(i), "messages[" + i + "]"));
        }
        return turns;
    }

    private static ChatTurn turn(JsonNode message, String where) {
        if (!message.isObject()) {
            throw ApiException.badRequest("'" + where + "' must be an object with 'role' and 'content'.");
        }
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual()) {
            throw ApiException.badRequest("'" + where + ".role' is required and must be a string.");
        }
        ChatTurn.Role parsed = switch (role.asText().toLowerCase(Locale.ROOT)) {
            case "system" -> ChatTurn.Role.SYSTEM;
            case "user" -> ChatTurn.Role.USER;
            case "assistant" -> ChatTurn.Role.ASSISTANT;
            default ->
                throw ApiException.badRequest("'" + where + ".role' must be one of system, user, assistant, not '"
                        + abbreviated(role.asText()) + "'.");
        };
        String content = content(message.get("content"), where + ".content");
        if (content.length() > ChatService.MAX_MESSAGE_CHARS) {
            throw ApiException.badRequest("'" + where + ".content' is " + content.length()
                    + " characters long; the limit is " + ChatService.MAX_MESSAGE_CHARS + ".");
        }
        return new ChatTurn(parsed, content);
    }

    /** A string, or an array of text parts joined by newlines (other part types, such as images, are refused). */
    private static String content(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            throw ApiException.badRequest("'" + where + "' is required.");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw ApiException.badRequest("'" + where + "' must be a string or an array of text parts.");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partWhere = where + "[" + i + "]";
            if (!part.isObject() || !"text".equals(part.path("type").asText())) {
                throw ApiException.badRequest("'" + partWhere
                        + "' must be {\"type\": \"text\", \"text\": \"…\"}; only text parts are supported.");
            }
            if (!part.path("text").isTextual()) {
                throw ApiException.badRequest("'" + partWhere + ".text' must be a string.");
            }
            texts.add(part.get("text").asText());
        }
        return String.join("\n", texts);
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest("'" + field + "' must be true or false.");
        }
        return value.asBoolean();
    }

    private static boolean includeUsage(JsonNode options) {
        if (options == null || options.isNull()) {
            return false;
        }
        if (!options.isObject()) {
            throw ApiException.badRequest("'stream_options' must be an object.");
        }
        return flag(options, "include_usage");
    }

    private static String abbreviated(String raw) {
        return raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
    }
}
