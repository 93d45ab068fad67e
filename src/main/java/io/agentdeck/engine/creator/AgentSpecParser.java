package io.agentdeck.engine.creator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.model.StructuredReply;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The JSON schema the Creator must answer in, and the checks its answer must pass. */
public final class AgentSpecParser {
    static final int MAX_NAME = 60;
    static final int MAX_ROLE = 200;
    static final int MIN_PROMPT = 20;
    static final int MAX_PROMPT = 8_000;
    static final int MAX_CAPABILITIES = 20;
    static final int MAX_CAPABILITY = 80;

    /**
     * What the schema asks of a system prompt. A model held to the schema by a grammar (the in-process model) writes
     * until a bound stops it, so the bound is half of what {@link #parse} accepts from models that only read it.
     */
    static final int SCHEMA_MAX_PROMPT = 4_000;

    /**
     * The least the schema asks of a system prompt: twice what {@link #parse} accepts, because the parser trims the
     * prompt and a grammar only counts characters, spaces and line breaks at its ends included (a small model's
     * 20-character prompt with a leading space was refused as 19).
     */
    static final int SCHEMA_MIN_PROMPT = 2 * MIN_PROMPT;

    /**
     * The design's JSON schema, with the bounds {@link #parse} checks so that a grammar built from it cannot produce
     * a design the parser refuses; {@code toolNames} are the tools offered, the only names "tools" may hold.
     */
    public static ResponseFormat responseFormat(List<String> toolNames) {
        ObjectNode tools = SCHEMA.objectNode()
                .put("type", "array")
                .put("description", "Names of the offered tools the agent needs; [] for none");
        ObjectNode toolName = tools.putObject("items").put("type", "string");
        if (toolNames.isEmpty()) {
            tools.put("maxItems", 0);
        } else {
            toolNames.forEach(toolName.putArray("enum")::add);
            tools.put("maxItems", toolNames.size());
        }
        ObjectNode root = SCHEMA.objectNode().put("type", "object");
        ObjectNode properties = root.putObject("properties");
        properties.set("name", string("Short, distinctive agent name, e.g. 'Ada the API Builder'", 1, MAX_NAME));
        properties.set("role", string("One line that says what the agent does", 1, MAX_ROLE));
        properties.set(
                "system_prompt",
                string(
                        "Second-person instructions that make the agent good at the role",
                        SCHEMA_MIN_PROMPT,
                        SCHEMA_MAX_PROMPT));
        ObjectNode capabilities = properties.putObject("capabilities").put("type", "array");
        capabilities.set("items", string("One thing the agent is good at", 1, MAX_CAPABILITY));
        capabilities.put("minItems", 1).put("maxItems", MAX_CAPABILITIES);
        properties.set("tools", tools);
        root.putArray("required")
                .add("name")
                .add("role")
                .add("system_prompt")
                .add("capabilities")
                .add("tools");
        root.put("additionalProperties", false);
        return ResponseFormat.builder()
                .type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder()
                        .name("agent_spec")
                        .rootElement(JsonRawSchema.from(root.toString()))
                        .build())
                .build();
    }

    private static ObjectNode string(String description, int minLength, int maxLength) {
        return SCHEMA.objectNode()
                .put("type", "string")
                .put("description", description)
                .put("minLength", minLength)
                .put("maxLength", maxLength);
    }

    private static final JsonNodeFactory SCHEMA = JsonNodeFactory.instance;

    private final ObjectMapper json;

    public AgentSpecParser(ObjectMapper json) {
        this.json = json;
    }

    public AgentSpec parse(String reply) {
        JsonNode root;
        try {
            root = json.readTree(StructuredReply.withoutCodeFence(reply));
        } catch (JsonProcessingException e) {
            throw malformed("it is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw malformed("it is not a JSON object");
        }
        String name = text(root, "name", 1, MAX_NAME);
        String role = text(root, "role", 1, MAX_ROLE);
        String prompt = text(root, "system_prompt", MIN_PROMPT, MAX_PROMPT);
        return new AgentSpec(
                name, role, prompt, capabilities(root.get("capabilities"), role), tools(root.get("tools")));
    }

    /** The tools proposed; a design without the field (an older model, a hand-written one) proposes none. */
    private static List<String> tools(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw malformed("'tools' is not a list");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw malformed("each tool must be a tool's name");
            }
            unique.add(item.asText().strip());
        }
        return new ArrayList<>(unique);
    }

    private static String text(JsonNode root, String field, int min, int max) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw malformed("'" + field + "' is missing or not text");
        }
        String value = node.asText().strip();
        int length = characters(value);
        if (length < min || length > max) {
            throw malformed("'" + field + "' must be " + min + " to " + max + " characters, not " + length);
        }
        return value;
    }

    /**
     * The capabilities listed, blank ones left out: a schema's grammar bounds a string's length but not its content,
     * so a local model held to it may write "   " for one. A list of nothing but blanks falls back to the role.
     */
    private static List<String> capabilities(JsonNode node, String role) {
        if (node == null || !node.isArray()) {
            throw malformed("'capabilities' is missing or not a list");
        }
        if (node.isEmpty() || node.size() > MAX_CAPABILITIES) {
            throw malformed("it must list 1 to " + MAX_CAPABILITIES + " capabilities");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || characters(item.asText().strip()) > MAX_CAPABILITY) {
                throw malformed("each capability must be text of 1 to " + MAX_CAPABILITY + " characters");
            }
            if (!item.asText().isBlank()) {
                unique.add(item.asText().strip());
            }
        }
        if (unique.isEmpty()) {
            return List.of(firstCharacters(role, MAX_CAPABILITY));
        }
        return new ArrayList<>(unique);
    }

    private static String firstCharacters(String value, int count) {
        return characters(value) <= count
                ? value
                : value.substring(0, value.offsetByCodePoints(0, count)).strip();
    }

    /** Characters as JSON Schema's bounds count them: an emoji is one, though Java stores it in two chars. */
    private static int characters(String value) {
        return value.codePointCount(0, value.length());
    }

    /** Some local models wrap JSON in a Markdown fence even when asked for JSON. */
    private static EngineException malformed(String why) {
        return new EngineException(
                ErrorKind.PROVIDER_ERROR,
                "The Creator's agent design could not be used: " + why + ". No agent was created.",
                "Retry; if it keeps failing, use a model that supports JSON output.",
                null);
    }
}
