package io.agentdeck.engine.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.knowledge.TurnSources;
import java.util.List;
import java.util.Optional;

/** The arguments of one call, as the model wrote them: a JSON object whose fields a tool reads by name. */
public final class ToolArguments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String json;
    private final JsonNode node;
    private final Optional<Long> callerId;
    private final TurnSources sources;

    private ToolArguments(String json, JsonNode node, Optional<Long> callerId, TurnSources sources) {
        this.json = json;
        this.node = node;
        this.callerId = callerId;
        this.sources = sources;
    }

    private ToolArguments(String json, JsonNode node) {
        this(json, node, Optional.empty(), new TurnSources(List.of()));
    }

    /** The same arguments, from a call the agent with this id makes (a tool may answer per agent). */
    public ToolArguments from(long agentId) {
        return new ToolArguments(json, node, Optional.of(agentId), sources);
    }

    /** The same arguments, from a turn that has shown its model these knowledge passages. */
    public ToolArguments within(TurnSources turnSources) {
        return new ToolArguments(json, node, callerId, turnSources);
    }

    /** The agent making the call, when the tool box said. */
    public Optional<Long> callerId() {
        return callerId;
    }

    /** The knowledge passages the calling turn has shown its model; a fresh list outside a turn. */
    public TurnSources sources() {
        return sources;
    }

    /**
     * Parses what the model wrote; an empty text is no arguments.
     *
     * @throws EngineException when it is not a JSON object
     */
    public static ToolArguments parse(String json) {
        if (json == null || json.isBlank()) {
            return new ToolArguments("{}", JsonNodeFactory.instance.objectNode());
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw EngineException.invalid("The arguments must be a JSON object.");
            }
            return new ToolArguments(json, node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw EngineException.invalid("The arguments are not valid JSON: " + e.getOriginalMessage());
        }
    }

    public String json() {
        return json;
    }

    public JsonNode node() {
        return node;
    }

    /** A required text argument. */
    public String text(String name) {
        return optionalText(name).orElseThrow(() -> EngineException.invalid("'" + name + "' is required."));
    }

    public Optional<String> optionalText(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw EngineException.invalid("'" + name + "' must be a string.");
        }
        return Optional.of(value.asText());
    }

    public int integer(String name, int fallback, int min, int max) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt()) {
            throw EngineException.invalid("'" + name + "' must be a whole number.");
        }
        int number = value.asInt();
        if (number < min || number > max) {
            throw EngineException.invalid("'" + name + "' must be between " + min + " and " + max + ".");
        }
        return number;
    }
}
