package io.agentdeck.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.tool.Tool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP servers of {@code mcp.json}: started in the background when AgentDeck starts (one virtual thread each, so
 * a slow or broken one holds up nobody), changed through {@link #put}, {@link #putAll}, {@link #delete} and
 * {@link #restart} (the file first, then the server), and stopped, with every program they run, on {@link #close}.
 * The tools of the connected ones are a source of the tool catalog. Neither the configuration nor the values of
 * environment variables and headers are ever logged.
 */
public final class McpServers implements AutoCloseable {
    /** Stands for a saved env or header value in an entry shown for editing; saving it keeps the saved value. */
    public static final String SAVED_VALUE = "<saved>";

    private static final List<String> SECRET_FIELDS = List.of("env", "headers");
    private static final Logger LOG = LoggerFactory.getLogger(McpServers.class);

    private final McpConfigFile file;
    private final McpSettings settings;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Executor background = this::runInBackground;
    private final Map<String, McpServer> servers = new ConcurrentSkipListMap<>();

    public McpServers(Path configFile, McpSettings settings) {
        this.file = new McpConfigFile(configFile);
        this.settings = settings;
    }

    /**
     * Reads {@code mcp.json} and starts every enabled server in the background. A file that cannot be read is
     * reported in the log and starts nothing; an entry that cannot be used is listed as failed with the reason.
     */
    public synchronized void startAll() {
        ObjectNode root;
        try {
            root = file.read();
        } catch (EngineException e) {
            LOG.warn("{} No MCP server is started.", e.getMessage());
            return;
        }
        for (Map.Entry<String, JsonNode> entry : McpConfigFile.servers(root).properties()) {
            McpServer server = serverFor(entry.getKey(), entry.getValue());
            servers.put(entry.getKey(), server);
            server.start();
        }
    }

    /** The tools of the connected servers: the catalog asks at every read, so they come and go with the servers. */
    public List<Tool> tools() {
        List<Tool> tools = new ArrayList<>();
        servers.values().forEach(server -> tools.addAll(server.tools()));
        return tools;
    }

    public List<McpServerInfo> list() {
        return servers.values().stream().map(McpServer::info).toList();
    }

    /**
     * Adds a server or replaces the one of that name, saves it to {@code mcp.json} as given (fields AgentDeck does
     * not know included), and starts it.
     *
     * @throws EngineException invalid for a bad name or entry (nothing is changed); conflict when mcp.json cannot be
     *     read
     */
    public synchronized McpServerInfo put(String name, JsonNode entry) {
        McpServerConfig config = McpServerConfig.parse(name, withSavedSecrets(name, entry));
        ObjectNode root = file.read();
        McpConfigFile.servers(root).set(name, config.entry());
        file.write(root);
        return replace(config).info();
    }

    /**
     * Adds or replaces every server of a pasted {@code {"mcpServers": {…}}} block, and starts them. All entries are
     * checked first: one bad entry changes nothing.
     */
    public synchronized List<McpServerInfo> putAll(JsonNode block) {
        JsonNode entries = block == null ? null : block.get(McpConfigFile.SERVERS);
        if (entries == null || !entries.isObject()) {
            throw EngineException.invalid("Paste a block of the form {\"mcpServers\": {\"<name>\": {…}}}.");
        }
        if (entries.isEmpty()) {
            throw EngineException.invalid("The \"mcpServers\" block has no server in it.");
        }
        Map<String, McpServerConfig> configs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : entries.properties()) {
            configs.put(
                    entry.getKey(),
                    McpServerConfig.parse(entry.getKey(), withSavedSecrets(entry.getKey(), entry.getValue())));
        }
        ObjectNode root = file.read();
        configs.values().forEach(config -> McpConfigFile.servers(root).set(config.name(), config.entry()));
        file.write(root);
        return configs.values().stream().map(config -> replace(config).info()).toList();
    }

    /**
     * The server's entry for a person to edit: as saved, but every env and header value replaced by {@link
     * #SAVED_VALUE}, which {@link #put} and {@link #putAll} read as "keep the saved value". Secrets never leave.
     */
    public synchronized ObjectNode editableEntry(String name) {
        ObjectNode entry = require(name).config().entry().deepCopy();
        for (String field : SECRET_FIELDS) {
            if (entry.get(field) instanceof ObjectNode values) {
                fieldNames(values).forEach(key -> values.put(key, SAVED_VALUE));
            }
        }
        return entry;
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** An edited entry's env and header values that still read {@link #SAVED_VALUE} get the saved values back. */
    private JsonNode withSavedSecrets(String name, JsonNode entry) {
        McpServer saved = servers.get(name);
        if (saved == null || !(entry instanceof ObjectNode edited)) {
            return entry;
        }
        ObjectNode merged = edited.deepCopy();
        for (String field : SECRET_FIELDS) {
            JsonNode savedValues = saved.config().entry().get(field);
            if (merged.get(field) instanceof ObjectNode values && savedValues instanceof ObjectNode known) {
                for (String key : fieldNames(values)) {
                    if (SAVED_VALUE.equals(values.path(key).asText(null)) && known.has(key)) {
                        values.set(key, known.get(key));
                    }
                }
            }
        }
        return merged;
    }

    /**
     * Turns a server on or off, keeping the rest of its entry (its secrets included, which nobody has to type again):
     * {@code "disabled": true} is saved, or removed, and the server stopped or started.
     */
    public synchronized McpServerInfo setEnabled(String name, boolean enabled) {
        ObjectNode entry = require(name).config().entry().deepCopy();
        if (enabled) {
            entry.remove("disabled");
        } else {
            entry.put("disabled", true);
        }
        return put(name, entry);
    }

    /** Stops the server and removes it from {@code mcp.json}; its tools are gone at once. */
    public synchronized void delete(String name) {
        McpServer server = require(name);
        ObjectNode root = file.read();
        McpConfigFile.servers(root).remove(name);
        file.write(root);
        servers.remove(name);
        server.stop();
        LOG.info("MCP server {} removed", name);
    }

    /**
     * Drops the server's connection and starts it again from its saved entry.
     *
     * @throws EngineException not found for an unknown name; conflict for a disabled or unusable entry
     */
    public synchronized McpServerInfo restart(String name) {
        McpServer server = require(name);
        if (!server.restartable()) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    "The MCP server \"" + name + "\" cannot be restarted: "
                            + (server.config().disabled() ? "it is disabled." : "its entry in mcp.json is not usable."),
                    "Save a corrected entry with PUT /api/mcp/servers/" + name + " (and \"disabled\": false).",
                    null);
        }
        LOG.info("Restarting MCP server {}", name);
        server.start();
        return server.info();
    }

    public McpServerInfo info(String name) {
        return require(name).info();
    }

    /** Stops every server, and every program they run, in parallel. */
    @Override
    public synchronized void close() {
        List<Thread> stopping = servers.values().stream()
                .map(server ->
                        Thread.ofVirtual().name("mcp-stop-" + server.name()).start(server::stop))
                .toList();
        servers.clear();
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Some MCP server threads did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private McpServer replace(McpServerConfig config) {
        McpServer fresh = new McpServer(config, settings, background);
        McpServer old = servers.put(config.name(), fresh);
        if (old != null) {
            old.stop();
        }
        LOG.info("{} MCP server {}", old == null ? "Starting" : "Replacing", config.name());
        fresh.start();
        return fresh;
    }

    private McpServer serverFor(String name, JsonNode entry) {
        try {
            return new McpServer(McpServerConfig.parse(name, entry), settings, background);
        } catch (EngineException e) {
            LOG.warn("mcp.json: {}", e.getMessage());
            ObjectNode kept = entry instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
            return McpServer.unusable(name, kept, "mcp.json: " + e.getMessage(), settings, background);
        }
    }

    private McpServer require(String name) {
        McpServer server = servers.get(name);
        if (server == null) {
            throw EngineException.notFound(
                    "There is no MCP server named \"" + name + "\". GET /api/mcp/servers lists them.");
        }
        return server;
    }

    private void runInBackground(Runnable task) {
        try {
            threads.execute(task);
        } catch (RejectedExecutionException e) {
            // AgentDeck is closing: nothing is started any more.
        }
    }
}
