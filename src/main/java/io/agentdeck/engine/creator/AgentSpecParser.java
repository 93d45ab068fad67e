package io.agentdeck.engine.creator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
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

    public static final ResponseFormat RESPONSE_FORMAT = ResponseFormat.builder()
            .type(ResponseFormatType.JSON)
            .jsonSchema(JsonSchema.builder()
                    .name("agent_spec")
                    .rootElement(JsonObjectSchema.builder()
                            .addStringProperty("name", "Short, distinctive agent name, e.g. 'Ada the API Builder'")
                            .addStringProperty("role", "One line that says what the agent does")
                            .addStringProperty(
                                    "system_prompt", "Second-person instructions that make the agent good at the role")
                            .addProperty(
                                    "capabilities",
                                    JsonArraySchema.builder()
                                            .items(JsonStringSchema.builder().build())
                                            .build())
                            .addProperty(
                                    "tools",
                                    JsonArraySchema.builder()
                                            .description("Names of the offered tools the agent needs; [] for none")
                                            .items(JsonStringSchema.builder().build())
                                            .build())
                            .required("name", "role", "system_prompt", "capabilities", "tools")
                            .additionalProperties(false)
                            .build())
                    .build())
            .build();

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
        return new AgentSpec(name, role, prompt, capabilities(root.get("capabilities")), tools(root.get("tools")));
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
        if (value.length() < min || value.length() > max) {
            throw malformed("'" + field + "' must be " + min + " to " + max + " characters, not " + value.length());
        }
        return value;
    }

    private static List<String> capabilities(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw malformed("'capabilities' is missing or not a list");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isTextual()
                    || item.asText().isBlank()
                    || item.asText().strip().length() > MAX_CAPABILITY) {
                throw malformed("each capability must be text of 1 to " + MAX_CAPABILITY + " characters");
            }
            unique.add(item.asText().strip());
        }
        if (unique.isEmpty() || unique.size() > MAX_CAPABILITIES) {
            throw malformed("it must list 1 to " + MAX_CAPABILITIES + " capabilities");
        }
        return new ArrayList<>(unique);
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
