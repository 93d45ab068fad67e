package io.agentdeck.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeck.engine.EngineException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of {@code mcp.json}'s {@code mcpServers}, in the format desktop apps share: a program to run
 * ({@code command}, {@code args}, {@code env}) or a Streamable HTTP endpoint ({@code url}, {@code headers}), with
 * optional {@code type}, {@code disabled} and {@code timeout} (seconds a tool call may take). {@code entry} is the
 * entry as written, with any field AgentDeck does not know, so that rewriting the file keeps it.
 */
public record McpServerConfig(
        String name,
        McpTransportKind transport,
        String command,
        List<String> args,
        Map<String, String> env,
        String url,
        Map<String, String> headers,
        boolean disabled,
        Optional<Duration> timeout,
        ObjectNode entry) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_TIMEOUT_SECONDS = 600;

    public McpServerConfig {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        headers = Map.copyOf(headers);
    }

    /**
     * Checks a server name: letters, digits, {@code _} and {@code -}, 1 to 64 of them (it is the first part of its
     * tools' names).
     *
     * @throws EngineException invalid otherwise
     */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw EngineException.invalid("An MCP server name must be 1 to 64 letters, digits, '_' or '-'; \""
                    + abbreviated(String.valueOf(name)) + "\" is not.");
        }
        return name;
    }

    /**
     * Reads one entry.
     *
     * @throws EngineException invalid, naming the server and the field, when the entry cannot be used
     */
    public static McpServerConfig parse(String name, JsonNode node) {
        requireValidName(name);
        if (node == null || !node.isObject()) {
            throw invalid(name, "must be a JSON object with \"command\" or \"url\".");
        }
        ObjectNode entry = ((ObjectNode) node).deepCopy();
        McpTransportKind transport = transportOf(name, entry);
        boolean disabled = flag(name, entry, "disabled");
        Optional<Duration> timeout = timeout(name, entry);
        return switch (transport) {
            case STDIO ->
                new McpServerConfig(
                        name,
                        transport,
                        requiredText(name, entry, "command"),
                        texts(name, entry, "args"),
                        textMap(name, entry, "env"),
                        "",
                        Map.of(),
                        disabled,
                        timeout,
                        entry);
            case HTTP ->
                new McpServerConfig(
                        name,
                        transport,
                        "",
                        List.of(),
                        Map.of(),
                        url(name, entry),
                        textMap(name, entry, "headers"),
                        disabled,
                        timeout,
                        entry);
        };
    }

    /** The command line: the program, then its arguments. */
    public List<String> commandLine() {
        List<String> line = new ArrayList<>();
        line.add(command);
        line.addAll(args);
        return line;
    }

    private static McpTransportKind transportOf(String name, ObjectNode entry) {
        JsonNode type = entry.get("type");
        if (type != null && !type.isNull()) {
            if (!type.isTextual()) {
                throw invalid(name, "'type' must be \"stdio\", \"http\" or \"streamableHttp\".");
            }
            return switch (type.asText()
                    .toLowerCase(Locale.ROOT)
                    .replace("-", "")
                    .replace("_", "")) {
                case "stdio" -> McpTransportKind.STDIO;
                case "http", "streamablehttp" -> McpTransportKind.HTTP;
                case "sse" ->
                    throw invalid(
                            name,
                            "uses the old HTTP+SSE transport, which AgentDeck does not support; use the server's"
                                    + " Streamable HTTP endpoint (often ending in /mcp) with \"type\": \"http\".");
                default ->
                    throw invalid(
                            name,
                            "'type' must be \"stdio\", \"http\" or \"streamableHttp\", not \""
                                    + abbreviated(type.asText()) + "\".");
            };
        }
        boolean hasCommand = entry.hasNonNull("command");
        boolean hasUrl = entry.hasNonNull("url");
        if (hasCommand && hasUrl) {
            throw invalid(name, "has both \"command\" and \"url\"; keep one, or say which with \"type\".");
        }
        if (hasUrl) {
            return McpTransportKind.HTTP;
        }
        if (hasCommand) {
            return McpTransportKind.STDIO;
        }
        if (entry.has("mcpServers")) {
            throw invalid(
                    name,
                    "is a whole \"mcpServers\" block; send it with PUT /api/mcp/servers, or send just the"
                            + " server's entry here.");
        }
        throw invalid(name, "needs \"command\" (a program to run) or \"url\" (a Streamable HTTP endpoint).");
    }

    private static String requiredText(String name, ObjectNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            throw invalid(name, "needs '" + field + "'.");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(name, "'" + field + "' must be a non-empty string.");
        }
        return value.asText();
    }

    private static List<String> texts(String name, ObjectNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(name, "'" + field + "' must be a list of strings.");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw invalid(name, "'" + field + "' must be a list of strings.");
            }
            items.add(item.asText());
        }
        return items;
    }

    private static Map<String, String> textMap(String name, ObjectNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw invalid(name, "'" + field + "' must be an object of names and string values.");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> item : value.properties()) {
            if (item.getKey().isBlank()) {
                throw invalid(name, "'" + field + "' has an empty name.");
            }
            // The value is never echoed: it may be a secret.
            if (!item.getValue().isTextual()) {
                throw invalid(name, "'" + field + "." + item.getKey() + "' must be a string.");
            }
            map.put(item.getKey(), item.getValue().asText());
        }
        return map;
    }

    private static String url(String name, ObjectNode entry) {
        String url = requiredText(name, entry, "url");
        try {
            URI uri = new URI(url);
            String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw invalid(name, "'url' must be an http or https address.");
            }
            return url;
        } catch (URISyntaxException e) {
            throw invalid(name, "'url' is not a valid address.");
        }
    }

    private static boolean flag(String name, ObjectNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid(name, "'" + field + "' must be true or false.");
        }
        return value.asBoolean();
    }

    private static Optional<Duration> timeout(String name, ObjectNode entry) {
        JsonNode value = entry.get("timeout");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_TIMEOUT_SECONDS) {
            throw invalid(
                    name,
                    "'timeout' must be the seconds a tool call may take, a whole number from 1 to "
                            + MAX_TIMEOUT_SECONDS + ".");
        }
        return Optional.of(Duration.ofSeconds(value.asLong()));
    }

    private static EngineException invalid(String name, String problem) {
        return EngineException.invalid("The MCP server \"" + name + "\" " + problem);
    }

    private static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
