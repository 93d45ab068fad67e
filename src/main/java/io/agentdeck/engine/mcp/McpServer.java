package io.agentdeck.engine.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured MCP server and its life: disabled, starting, connected (its tools are offered), failed (with a
 * short reason), or stopped for good (deleted, replaced, or AgentDeck closing). Starting runs on a background thread;
 * a restart drops the connection and starts again. A tool call checks that the server still answers, and a server
 * whose program exits, or that stops answering, is marked failed until someone restarts it.
 */
final class McpServer {
    private static final Logger LOG = LoggerFactory.getLogger(McpServer.class);
    /** The most of a tool's own error text a model reads (a result is cut by the tool box, an error here). */
    private static final int MAX_ERROR_CHARS = 16 * 1024;

    private static final String RESTART_HINT =
            "See how the server is with GET /api/mcp/servers; restart it with POST /api/mcp/servers/{name}/restart.";

    private sealed interface State permits Disabled, Starting, Connected, Failed, Stopped {}

    private record Disabled() implements State {}

    private record Starting(AtomicReference<McpTransport> opening) implements State {}

    private record Connected(McpConnection connection, List<McpTool> tools) implements State {}

    private record Failed(String error) implements State {}

    private record Stopped() implements State {}

    private final McpServerConfig config;
    /** Why the entry in mcp.json cannot be used; such a server never starts. */
    private final Optional<String> configError;

    private final McpSettings settings;
    private final Executor background;
    private State state = new Stopped();

    McpServer(McpServerConfig config, McpSettings settings, Executor background) {
        this(config, Optional.empty(), settings, background);
    }

    private McpServer(McpServerConfig config, Optional<String> configError, McpSettings settings, Executor background) {
        this.config = config;
        this.configError = configError;
        this.settings = settings;
        this.background = background;
    }

    /** A server whose entry in mcp.json cannot be used: listed as failed with the reason, never started. */
    static McpServer unusable(String name, ObjectNode entry, String why, McpSettings settings, Executor background) {
        McpTransportKind guess = entry.hasNonNull("url") ? McpTransportKind.HTTP : McpTransportKind.STDIO;
        McpServerConfig placeholder = new McpServerConfig(
                name,
                guess,
                entry.path("command").asText(""),
                List.of(),
                java.util.Map.of(),
                entry.path("url").asText(""),
                java.util.Map.of(),
                false,
                Optional.empty(),
                entry);
        return new McpServer(placeholder, Optional.of(why), settings, background);
    }

    String name() {
        return config.name();
    }

    McpServerConfig config() {
        return config;
    }

    /** How long one call may take: the entry's own {@code timeout}, else the default. */
    Duration callTimeout() {
        return config.timeout().orElse(settings.callTimeout());
    }

    /** Starts connecting in the background, unless the entry is disabled or unusable. */
    void start() {
        State previous;
        State next;
        synchronized (this) {
            previous = state;
            next = configError.isPresent()
                    ? new Failed(configError.get())
                    : config.disabled() ? new Disabled() : new Starting(new AtomicReference<>());
            state = next;
        }
        release(previous);
        if (next instanceof Starting starting) {
            background.execute(() -> connect(starting));
        }
    }

    /** Stops for good: the connection (or the start under way) ends, and a call gets a clear error. */
    void stop() {
        State previous;
        synchronized (this) {
            previous = state;
            state = new Stopped();
        }
        release(previous);
    }

    boolean restartable() {
        return configError.isEmpty() && !config.disabled();
    }

    synchronized McpServerInfo info() {
        McpServerStatus status = switch (state) {
            case Disabled d -> McpServerStatus.DISABLED;
            case Starting s -> McpServerStatus.STARTING;
            case Connected c -> McpServerStatus.CONNECTED;
            case Failed f -> McpServerStatus.FAILED;
            case Stopped s -> McpServerStatus.FAILED;
        };
        Optional<String> error = switch (state) {
            case Failed failed -> Optional.of(failed.error());
            case Stopped s -> Optional.of("The server was stopped.");
            default -> Optional.empty();
        };
        boolean stdio = config.transport() == McpTransportKind.STDIO;
        return new McpServerInfo(
                config.name(),
                config.transport(),
                status,
                error,
                tools().size(),
                stdio ? Optional.of(config.command()) : Optional.empty(),
                config.args(),
                stdio ? Optional.empty() : Optional.of(config.url()),
                config.env().keySet().stream().sorted().toList(),
                config.headers().keySet().stream().sorted().toList());
    }

    /** The tools offered while connected; none otherwise. */
    synchronized List<McpTool> tools() {
        return state instanceof Connected connected ? connected.tools() : List.of();
    }

    /**
     * Calls one of the server's tools and returns the text of its result.
     *
     * @throws EngineException with a message for the model: the server is not connected, stopped answering or
     *     exited (it is then marked failed), the call took too long, the arguments were refused, or the tool itself
     *     reported an error (its own message)
     */
    String call(String tool, String argumentsJson) {
        Connected connected = connected();
        McpConnection connection = connected.connection();
        try {
            connection.client().checkHealth();
        } catch (RuntimeException e) {
            rethrowIfInterrupted(e);
            String why = connection.exited()
                    ? connection.exitDescription()
                    : "It did not answer a ping within " + seconds(min(settings.pingTimeout(), callTimeout())) + ".";
            failIfCurrent(connection, why);
            throw unavailable("The MCP server \"" + name() + "\" is not answering, so it was marked failed. " + why);
        }
        ToolExecutionResult result;
        try {
            result = connection
                    .client()
                    .executeTool(ToolExecutionRequest.builder()
                            .id(UUID.randomUUID().toString())
                            .name(tool)
                            .arguments(argumentsJson)
                            .build());
        } catch (ToolArgumentsException e) {
            throw EngineException.invalid(
                    "The MCP server \"" + name() + "\" refused the arguments: " + McpFailures.messageOf(e));
        } catch (RuntimeException e) {
            throw callFailed(connected, tool, e);
        }
        String text = Optional.ofNullable(result.resultText()).orElse("");
        if (text.equals(settings.timeoutMarker())) {
            if (connection.exited()) {
                failIfCurrent(connection, connection.exitDescription());
            }
            throw unavailable("The MCP tool did not answer within " + seconds(callTimeout()) + ".");
        }
        if (result.isError()) {
            throw toolError(text);
        }
        return text;
    }

    private Connected connected() {
        State now;
        synchronized (this) {
            now = state;
        }
        return switch (now) {
            case Connected connected -> connected;
            case Starting s ->
                throw unavailable("The MCP server \"" + name() + "\" is still starting; try again soon.");
            case Failed failed ->
                throw unavailable("The MCP server \"" + name() + "\" is not running: " + failed.error());
            case Disabled d -> throw unavailable("The MCP server \"" + name() + "\" is disabled.");
            case Stopped s -> throw unavailable("The MCP server \"" + name() + "\" was stopped or removed.");
        };
    }

    private EngineException callFailed(Connected connected, String tool, RuntimeException e) {
        rethrowIfInterrupted(e);
        McpConnection connection = connected.connection();
        if (connection.exited()) {
            String why = connection.exitDescription();
            failIfCurrent(connection, why);
            return unavailable("The MCP server \"" + name() + "\" stopped while running " + tool
                    + ", so it was marked failed. " + why);
        }
        synchronized (this) {
            if (state != connected) {
                return unavailable("The MCP server \"" + name() + "\" was stopped or restarted during the call.");
            }
        }
        String message = McpFailures.messageOf(e);
        if (e instanceof ToolExecutionException failure && isToolsOwnError(failure)) {
            return toolError(Optional.ofNullable(failure.getMessage()).orElse(message));
        }
        if (e instanceof ToolExecutionException failure && failure.errorCode() != null) {
            return unavailable("The MCP server \"" + name() + "\" answered the call with an error: " + message
                    + " (code " + failure.errorCode() + ").");
        }
        return unavailable("The MCP server \"" + name() + "\" sent a reply AgentDeck cannot use: " + message);
    }

    /**
     * A result the server marked {@code isError}: the client throws it with the tool's text as a bare cause, and no
     * error code. A failure of the connection has a cause of its own kind, or an HTTP status.
     */
    private static boolean isToolsOwnError(ToolExecutionException e) {
        Throwable cause = e.getCause();
        return e.errorCode() == null
                && (cause == null || cause.getClass() == RuntimeException.class && cause.getCause() == null)
                && !String.valueOf(e.getMessage()).startsWith("Unexpected status code");
    }

    private static EngineException toolError(String text) {
        String message = text.isBlank()
                ? "The MCP tool reported an error without saying what went wrong."
                : text.length() > MAX_ERROR_CHARS
                        ? text.substring(0, MAX_ERROR_CHARS) + "\n[… " + (text.length() - MAX_ERROR_CHARS)
                                + " more characters cut]"
                        : text;
        return new EngineException(ErrorKind.INVALID_INPUT, message, "The tool reported this error itself.", null);
    }

    private static EngineException unavailable(String message) {
        return new EngineException(ErrorKind.CONFLICT, message, RESTART_HINT, null);
    }

    private static void rethrowIfInterrupted(RuntimeException e) {
        if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorKind.CANCELLED, "The tool call was cancelled.");
        }
    }

    private void connect(Starting starting) {
        long started = System.nanoTime();
        AtomicReference<McpConnection> current = new AtomicReference<>();
        McpConnection connection;
        List<McpTool> tools;
        try {
            connection = McpConnection.open(config, settings, callTimeout(), starting.opening(), () -> {
                McpConnection live = current.get();
                if (live != null) {
                    background.execute(() -> refreshTools(live));
                }
            });
        } catch (RuntimeException e) {
            startFailed(starting, McpFailures.ofStart(e, config, settings.startTimeout()), Optional.empty());
            return;
        }
        current.set(connection);
        try {
            tools = toTools(connection.listTools());
        } catch (RuntimeException e) {
            startFailed(
                    starting,
                    "The server did not list its tools: " + McpFailures.messageOf(e),
                    Optional.of(connection));
            return;
        }
        boolean wanted;
        synchronized (this) {
            wanted = state == starting;
            if (wanted) {
                state = new Connected(connection, tools);
            }
        }
        if (!wanted) {
            connection.close();
            return;
        }
        connection.onExit(why -> failIfCurrent(connection, why));
        LOG.info(
                "MCP server {} connected with {} tools in {} ms",
                name(),
                tools.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private void startFailed(Starting starting, String why, Optional<McpConnection> connection) {
        connection.ifPresent(McpConnection::close);
        boolean current;
        synchronized (this) {
            current = state == starting;
            if (current) {
                state = new Failed(why);
            }
        }
        if (current) {
            LOG.warn("MCP server {} failed to start: {}", name(), why);
        }
    }

    /** Marks the server failed if this connection is still its connection, and ends the connection. */
    private void failIfCurrent(McpConnection connection, String why) {
        synchronized (this) {
            if (!(state instanceof Connected connected) || connected.connection() != connection) {
                return;
            }
            state = new Failed(why);
        }
        LOG.warn("MCP server {} failed: {}", name(), why);
        background.execute(connection::close);
    }

    private void refreshTools(McpConnection connection) {
        List<McpTool> tools;
        try {
            tools = toTools(connection.listTools());
        } catch (RuntimeException e) {
            LOG.debug("MCP server {} changed its tools, but listing them failed", name(), e);
            return;
        }
        synchronized (this) {
            if (state instanceof Connected connected && connected.connection() == connection) {
                state = new Connected(connection, tools);
            }
        }
    }

    private List<McpTool> toTools(List<ToolSpecification> specifications) {
        List<McpTool> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ToolSpecification specification : specifications) {
            McpTool tool = McpTool.of(this, specification);
            if (names.add(tool.info().name())) {
                tools.add(tool);
            } else {
                LOG.warn(
                        "MCP server {}: a second tool is named {}; only the first is offered",
                        name(),
                        tool.info().name());
            }
        }
        return List.copyOf(tools);
    }

    /** Ends what the previous state held: a connection, or a handshake under way. */
    private static void release(State previous) {
        switch (previous) {
            case Connected connected -> connected.connection().close();
            case Starting starting -> {
                McpTransport opening = starting.opening().get();
                if (opening != null) {
                    McpConnection.abort(opening);
                }
            }
            default -> {}
        }
    }

    private static String seconds(Duration duration) {
        long seconds = Math.max(1, duration.toSeconds());
        return seconds + (seconds == 1 ? " second" : " seconds");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
