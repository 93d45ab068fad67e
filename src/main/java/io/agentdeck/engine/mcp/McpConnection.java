package io.agentdeck.engine.mcp;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClientListener;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live connection to an MCP server: the langchain4j client, its transport, the program's process for a stdio
 * server, and the threads that read from it. Closing it ends the program and every process it started.
 */
final class McpConnection {
    private static final Logger LOG = LoggerFactory.getLogger(McpConnection.class);
    /** How long a program gets to exit after its input is closed and it is asked to stop, before it is killed. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(2);

    private final DefaultMcpClient client;
    private final McpTransport transport;
    private final Optional<Process> process;
    private final ExecutorService io;

    private McpConnection(
            DefaultMcpClient client, McpTransport transport, Optional<Process> process, ExecutorService io) {
        this.client = client;
        this.transport = transport;
        this.process = process;
        this.io = io;
    }

    /**
     * Runs or reaches the server and completes the MCP handshake. Its transport is handed to {@code opening} first,
     * so that whoever stops the server meanwhile can close it (and so end a program that hangs in the handshake).
     * The langchain4j client's own reconnection is off (AgentDeck restarts servers when asked), and nothing it sends
     * or receives is logged: environment values and headers must not reach the log.
     *
     * @throws RuntimeException whatever the client threw; the program is stopped first
     */
    static McpConnection open(
            McpServerConfig config,
            McpSettings settings,
            Duration callTimeout,
            AtomicReference<McpTransport> opening,
            Runnable toolsChanged) {
        ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
        McpTransport transport;
        try {
            transport = transport(config, settings, io);
        } catch (RuntimeException e) {
            io.shutdownNow();
            throw e;
        }
        opening.set(transport);
        try {
            DefaultMcpClient client = DefaultMcpClient.builder()
                    .transport(transport)
                    .key(config.name())
                    .clientName("AgentDeck")
                    .clientVersion(settings.clientVersion())
                    .initializationTimeout(settings.startTimeout())
                    .toolExecutionTimeout(callTimeout)
                    .toolExecutionTimeoutErrorMessage(settings.timeoutMarker())
                    .pingTimeout(min(settings.pingTimeout(), callTimeout))
                    .autoHealthCheck(false)
                    .cacheToolList(true)
                    .addListener(new McpClientListener() {
                        @Override
                        public void onNotificationToolsListChanged() {
                            toolsChanged.run();
                        }
                    })
                    .build();
            return new McpConnection(client, transport, processOf(transport), io);
        } catch (RuntimeException e) {
            Optional<Process> process = processOf(transport);
            Optional<Integer> exitCode =
                    process.filter(ended -> !ended.isAlive()).map(Process::exitValue);
            // A client whose handshake failed does not close its transport, and the program would live on.
            closeQuietly(transport, process, io);
            if (exitCode.isPresent()) {
                throw new ProgramExited(exitCode.get(), e);
            }
            throw e;
        }
    }

    private static McpTransport transport(McpServerConfig config, McpSettings settings, ExecutorService io) {
        return switch (config.transport()) {
            case STDIO ->
                StdioMcpTransport.builder()
                        .command(launchCommand(config.commandLine(), System.getProperty("os.name", "")))
                        .environment(config.env())
                        .logEvents(false)
                        .executorService(io)
                        .build();
            case HTTP ->
                StreamableHttpMcpTransport.builder()
                        .url(config.url())
                        .customHeaders(config.headers())
                        .timeout(settings.startTimeout())
                        .logRequests(false)
                        .logResponses(false)
                        .executor(io)
                        .build();
        };
    }

    /**
     * The command line to start: as written, except on Windows, where a command without an extension (such as
     * {@code npx}, which is {@code npx.cmd} there) is found only by the command interpreter, so it runs through
     * {@code cmd /c} as other desktop apps do.
     */
    static List<String> launchCommand(List<String> commandLine, String osName) {
        String program = commandLine.getFirst();
        boolean windows = osName.toLowerCase(Locale.ROOT).startsWith("windows");
        String fileName = program.substring(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1);
        if (!windows || fileName.contains(".")) {
            return commandLine;
        }
        List<String> wrapped = new ArrayList<>(List.of("cmd", "/c"));
        wrapped.addAll(commandLine);
        return wrapped;
    }

    /** The program ended before the handshake was done. */
    static final class ProgramExited extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        ProgramExited(int exitCode, Throwable cause) {
            super("The program exited with code " + exitCode, cause);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    /** Stops a server whose handshake is still under way: its program and what that started end at once. */
    static void abort(McpTransport opening) {
        List<ProcessHandle> tree = processOf(opening).map(McpConnection::tree).orElse(List.of());
        try {
            opening.close();
        } catch (Exception e) {
            LOG.debug("Closing the MCP transport failed", e);
        }
        end(tree);
    }

    DefaultMcpClient client() {
        return client;
    }

    /** The server's tools, asked of the server (or the client's cache, which a tools/list_changed clears). */
    List<ToolSpecification> listTools() {
        return client.listTools();
    }

    /** Whether the program has ended; an HTTP server has no program here and is never said to have ended. */
    boolean exited() {
        return process.map(running -> !running.isAlive()).orElse(false);
    }

    /** Calls {@code action} once the program ends, however it ends. */
    void onExit(Consumer<String> action) {
        process.ifPresent(running -> running.onExit().thenRun(() -> action.accept(exitDescription())));
    }

    String exitDescription() {
        return process.filter(ended -> !ended.isAlive())
                .map(ended -> "The server exited (exit code " + ended.exitValue() + ").")
                .orElse("The server stopped answering.");
    }

    /** Ends the connection: the client and transport, then the program and everything it started. */
    void close() {
        List<ProcessHandle> tree = process.map(McpConnection::tree).orElse(List.of());
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing the MCP client failed", e);
        }
        closeQuietly(transport, process, io, tree);
    }

    private static void closeQuietly(McpTransport transport, Optional<Process> process, ExecutorService io) {
        closeQuietly(transport, process, io, process.map(McpConnection::tree).orElse(List.of()));
    }

    private static void closeQuietly(
            McpTransport transport, Optional<Process> process, ExecutorService io, List<ProcessHandle> tree) {
        try {
            transport.close();
        } catch (Exception e) {
            // A transport that never started has nothing to close.
            LOG.debug("Closing the MCP transport failed", e);
        }
        end(tree);
        io.shutdownNow();
    }

    /** The program and everything it started, children first, as it is now (they are gone once it exits). */
    private static List<ProcessHandle> tree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        return tree;
    }

    /** Asks every process to stop, waits a moment, then kills what is left. */
    private static void end(List<ProcessHandle> processes) {
        Set<ProcessHandle> alive = new LinkedHashSet<>();
        for (ProcessHandle handle : processes) {
            if (handle.isAlive()) {
                handle.destroy();
                alive.add(handle);
            }
        }
        if (alive.isEmpty()) {
            return;
        }
        CompletableFuture<?> exited = CompletableFuture.allOf(
                alive.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
        try {
            exited.get(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Killed below.
        }
        alive.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static Optional<Process> processOf(McpTransport transport) {
        return transport instanceof StdioMcpTransport stdio
                ? Optional.ofNullable(stdio.getProcess())
                : Optional.empty();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
