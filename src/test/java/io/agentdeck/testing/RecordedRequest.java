package io.agentdeck.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.agentdeck.engine.turn.AgentTurn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A chat completion request as {@link FakeOpenAiServer} received it.
 *
 * @param sequence 1-based position among all completion requests the server received
 * @param headers request headers; lookups ignore case
 * @param body the parsed JSON body, a {@link MissingNode} when the body was not valid JSON
 * @param responseFormat the {@code response_format} object, or null when the request had none
 */
public record RecordedRequest(
        int sequence,
        Instant receivedAt,
        String method,
        String path,
        Map<String, List<String>> headers,
        String rawBody,
        JsonNode body,
        boolean stream,
        List<Message> messages,
        JsonNode responseFormat) {

    /** One entry of {@code messages}; {@code content} is null when absent (as for an assistant's tool calls). */
    public record Message(String role, String content) {}

    static RecordedRequest parse(
            int sequence,
            Instant receivedAt,
            String method,
            String path,
            Map<String, List<String>> headers,
            String rawBody,
            ObjectMapper mapper) {
        JsonNode body = parseBody(rawBody, mapper);
        JsonNode responseFormat = body.path("response_format");
        return new RecordedRequest(
                sequence,
                receivedAt,
                method,
                path,
                caseInsensitive(headers),
                rawBody,
                body,
                body.path("stream").asBoolean(false),
                messages(body.path("messages")),
                responseFormat.isObject() ? responseFormat : null);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public boolean validJson() {
        return !body.isMissingNode();
    }

    public String model() {
        return body.path("model").asText(null);
    }

    /** The content of the last user message, or "" when there is none. */
    public String lastUserMessage() {
        return messages.reversed().stream()
                .filter(message -> message.role().equals("user"))
                .findFirst()
                .map(Message::content)
                .orElse("");
    }

    /** The question of the last user message: its text, less the knowledge passages AgentDeck gives before it. */
    public String lastQuestion() {
        String text = lastUserMessage();
        int question = text.lastIndexOf(AgentTurn.BEFORE_QUESTION);
        return text.startsWith(AgentTurn.PASSAGES_HEADING) && question >= 0
                ? text.substring(question + AgentTurn.BEFORE_QUESTION.length())
                : text;
    }

    /** The {@code tools} array, empty when the request offered none. */
    public List<JsonNode> tools() {
        List<JsonNode> tools = new ArrayList<>();
        body.path("tools").forEach(tools::add);
        return tools;
    }

    public boolean includeUsage() {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    private static JsonNode parseBody(String rawBody, ObjectMapper mapper) {
        try {
            JsonNode body = mapper.readTree(rawBody);
            return body == null ? MissingNode.getInstance() : body;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    private static List<Message> messages(JsonNode messages) {
        List<Message> result = new ArrayList<>();
        for (JsonNode message : messages) {
            result.add(new Message(message.path("role").asText(""), content(message.path("content"))));
        }
        return List.copyOf(result);
    }

    // Multimodal messages carry an array of parts; only the text parts matter to tests.
    private static String content(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            List<String> texts = new ArrayList<>();
            content.forEach(part -> {
                if (part.path("text").isTextual()) {
                    texts.add(part.path("text").asText());
                }
            });
            return String.join("\n", texts);
        }
        return null;
    }

    private static Map<String, List<String>> caseInsensitive(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(copy);
    }
}
