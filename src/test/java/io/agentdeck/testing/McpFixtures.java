package io.agentdeck.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * What the MCP tests share: a tiny scripted MCP server (node, stdio) whose answer to {@code tools/call} is chosen by
 * its mode, the reference servers' entries, waiting for a server's status, and finding processes left behind.
 */
public final class McpFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Speaks just enough MCP: initialize, ping and tools/list (one read-only tool, {@code probe}) work in every mode;
     * {@code tools/call} answers as the mode says: {@code ok} ("fine from <pid>"), {@code exit} (the program exits
     * with code 3), {@code silent} (no answer ever), {@code malformed} (a line that is not JSON, then a reply with no
     * content), {@code big} (10 MB of text). {@code hang} does not even answer initialize.
     */
    private static final String SCRIPT = """
            import readline from 'node:readline';
            const mode = process.argv[2] ?? 'ok';
            const send = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
            const lines = readline.createInterface({ input: process.stdin });
            lines.on('line', (line) => {
              let message;
              try { message = JSON.parse(line); } catch { return; }
              const { id, method } = message;
              if (method === 'initialize') {
                if (mode === 'hang') return;
                send({ jsonrpc: '2.0', id, result: { protocolVersion: message.params.protocolVersion,
                  capabilities: { tools: {} }, serverInfo: { name: 'scripted', version: '1.0.0' } } });
              } else if (method === 'ping') {
                send({ jsonrpc: '2.0', id, result: {} });
              } else if (method === 'tools/list') {
                send({ jsonrpc: '2.0', id, result: { tools: [{ name: 'probe', description: 'Answers as its mode says',
                  inputSchema: { type: 'object', properties: {} }, annotations: { readOnlyHint: true } }] } });
              } else if (method === 'tools/call') {
                if (mode === 'exit') process.exit(3);
                if (mode === 'silent') return;
                if (mode === 'malformed') {
                  process.stdout.write('{"jsonrpc": "2.0", "id": ' + id + ', "result": {oops\\n');
                  send({ jsonrpc: '2.0', id, result: { unexpected: true } });
                  return;
                }
                const text = mode === 'big' ? 'x'.repeat(10 * 1024 * 1024) : 'fine from ' + process.pid;
                send({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text }] } });
              } else if (id !== undefined && method) {
                send({ jsonrpc: '2.0', id, error: { code: -32601, message: 'no such method' } });
              }
            });
            lines.on('close', () => process.exit(0));
            """;

    private McpFixtures() {}

    /** Installs the npm servers if needed and writes the scripted server into {@code folder}; returns the script. */
    public static Path prepare(Path folder) {
        NodeProject.installOnce();
        return writeScriptedServer(folder);
    }

    /** Removes every server of the app and checks that none of the programs they ran is left. */
    public static void removeAll(TestApp app, String... markers) {
        app.engine().mcp().list().forEach(server -> app.engine().mcp().delete(server.name()));
        for (String marker : markers) {
            assertNoProcessLeft(marker);
        }
    }

    /** Writes the scripted server into {@code folder}; its path also tells this class's processes apart. */
    public static Path writeScriptedServer(Path folder) {
        try {
            Path script = folder.resolve("scripted-mcp-server.mjs");
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            return script.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stdio entry running the scripted server in one mode. */
    public static ObjectNode scripted(Path script, String mode) {
        return stdio("node", script.toString(), mode);
    }

    /** A stdio entry: a program and its arguments. */
    public static ObjectNode stdio(String command, String... args) {
        ObjectNode entry = JSON.createObjectNode().put("command", command);
        var list = entry.putArray("args");
        for (String arg : args) {
            list.add(arg);
        }
        return entry;
    }

    /** The reference filesystem server over stdio, allowed to use {@code folder}. */
    public static ObjectNode filesystem(Path folder) {
        return stdio(
                "node",
                NodeProject.filesystemServer().toString(),
                folder.toAbsolutePath().toString());
    }

    public static String json(JsonNode node) {
        return node.toString();
    }

    /** Waits until the server has this status and returns its listing. */
    public static JsonNode awaitStatus(HttpJson http, String name, String status) {
        await().atMost(Waits.WAIT)
                .pollInterval(Duration.ofMillis(25))
                .untilAsserted(
                        () -> assertThat(server(http, name).path("status").asText())
                                .as("status of %s: %s", name, server(http, name))
                                .isEqualTo(status));
        return server(http, name);
    }

    /** The server's listing in {@code GET /api/mcp/servers}, or a missing node. */
    public static JsonNode server(HttpJson http, String name) {
        JsonNode servers = http.get("/api/mcp/servers").json().path("servers");
        return StreamSupport.stream(servers.spliterator(), false)
                .filter(server -> server.path("name").asText().equals(name))
                .findFirst()
                .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    /** The names in {@code GET /api/tools}. */
    public static List<String> toolNames(HttpJson http) {
        List<String> names = new ArrayList<>();
        http.get("/api/tools")
                .json()
                .path("tools")
                .forEach(tool -> names.add(tool.path("name").asText()));
        return names;
    }

    /** Live processes whose command line mentions {@code marker} (a path only this test's processes use). */
    public static List<ProcessHandle> processesMentioning(String marker) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains(marker))
                        .orElse(false))
                .toList();
    }

    /** Asserts that no process mentioning {@code marker} is left, allowing a moment for the last ones to exit. */
    public static void assertNoProcessLeft(String marker) {
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(processesMentioning(marker))
                        .as("processes left behind")
                        .isEmpty());
    }

    /** The reference "everything" server over Streamable HTTP on a free loopback port; close it to end it. */
    public static final class EverythingOverHttp implements AutoCloseable {
        private final Process process;
        private final int port;

        private EverythingOverHttp(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        public static EverythingOverHttp start() {
            int port = freePort();
            try {
                ProcessBuilder builder = new ProcessBuilder(
                                "node", NodeProject.everythingServer().toString(), "streamableHttp")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
                builder.environment().putAll(Map.of("PORT", Integer.toString(port)));
                EverythingOverHttp server = new EverythingOverHttp(builder.start(), port);
                await().atMost(Waits.WAIT).pollInterval(Duration.ofMillis(20)).until(server::listening);
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String url() {
            return "http://127.0.0.1:" + port + "/mcp";
        }

        private boolean listening() {
            assertThat(process.isAlive()).as("the everything server is running").isTrue();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() {
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(process.toHandle());
            tree.forEach(ProcessHandle::destroy);
            for (ProcessHandle handle : tree) {
                try {
                    handle.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    handle.destroyForcibly();
                }
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
