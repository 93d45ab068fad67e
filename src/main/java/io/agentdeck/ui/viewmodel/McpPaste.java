package io.agentdeck.ui.viewmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeck.engine.EngineException;

/**
 * Reads what a person pastes into the Tools page as an {@code {"mcpServers": {…}}} block. Guides print the block
 * whole, without its outer braces ({@code "mcpServers": {…}}), or only its entries ({@code "files": {…}}); all three
 * are accepted, as other desktop apps accept them.
 */
final class McpPaste {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVERS = "mcpServers";

    private McpPaste() {}

    /** One server as a pasteable block, laid out for reading. */
    static String pretty(String name, JsonNode entry) {
        ObjectNode block = JSON.createObjectNode();
        block.putObject(SERVERS).set(name, entry);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(block);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always writes", e);
        }
    }

    static JsonNode block(String pasted) {
        String text = pasted == null ? "" : pasted.strip();
        if (text.isEmpty()) {
            throw EngineException.invalid("Paste an \"mcpServers\" block first.");
        }
        JsonNode root = parse(text.startsWith("{") ? text : "{" + text + "}");
        if (!(root instanceof ObjectNode object)) {
            throw EngineException.invalid("Paste an \"mcpServers\" block: a JSON object.");
        }
        if (object.has(SERVERS)) {
            return object;
        }
        ObjectNode wrapped = JSON.createObjectNode();
        wrapped.set(SERVERS, object);
        return wrapped;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw EngineException.invalid("That is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ").");
        }
    }
}
