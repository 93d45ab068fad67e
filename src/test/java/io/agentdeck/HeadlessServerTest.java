package io.agentdeck;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.api.HttpJson;
import io.agentdeck.testing.FakeOpenAiServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real launcher in its own JVM, as a person at a terminal would. */
class HeadlessServerTest {
    @TempDir
    Path dataDir;

    @Test
    void theHeadlessServerAnswersTheSeedsCurlFlowAndStopsCleanlyOnSigterm() throws Exception {
        try (FakeOpenAiServer model = FakeOpenAiServer.start()) {
            int port = freePort();
            Process server = launch(
                    Map.of("OPENAI_BASE_URL", model.baseUrl(), "OPENAI_API_KEY", "sk-test"),
                    "--headless",
                    "--port",
                    String.valueOf(port),
                    "--data-dir",
                    dataDir.toString());
            try {
                BlockingQueue<String> output = linesOf(server);
                String banner = readLineContaining(output, "listening");
                assertThat(banner).contains("http://127.0.0.1:" + port);
                assertThat(readLineContaining(output, "API token")).contains(dataDir.toString());
                String token = Files.readString(dataDir.resolve("api-token")).strip();
                HttpJson http = new HttpJson("http://127.0.0.1:" + port, java.util.Optional.of(token));
                assertThat(http.withoutToken().get("/api/status").status()).isEqualTo(401);

                assertThat(http.get("/api/status")
                                .json()
                                .get("agents_initialized")
                                .asBoolean())
                        .as("the headless server initializes on start")
                        .isTrue();
                var reply = http.post("/api/agents/1/message", "{\"message\": \"Create a Python web API\"}");
                assertThat(reply.json().get("response").asText()).isEqualTo("Echo: Create a Python web API");
            } finally {
                server.destroy(); // SIGTERM
            }
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isIn(0, 143);
        }
        Path log = dataDir.resolve("logs/agentdeck.log");
        assertThat(log).exists();
        String logText = Files.readString(log);
        assertThat(logText).contains("Local API listening").contains("AgentDeck stopped");
        assertThat(logText).doesNotContain("sk-test");
    }

    @Test
    void aTakenPortGivesAOneLineMessageAndANonZeroExit() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Process server = launch(
                    Map.of(),
                    "--headless",
                    "--no-auto-init",
                    "--port",
                    String.valueOf(taken.getLocalPort()),
                    "--data-dir",
                    dataDir.toString());
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isEqualTo(1);
            String stderr = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(stderr.strip())
                    .isEqualTo("agentdeck: port " + taken.getLocalPort()
                            + " is already in use; stop the other program or start with --port <another>");
        }
    }

    @Test
    void aBadFlagGivesAOneLineErrorAndExitCode2() throws Exception {
        Process process = launch(Map.of(), "--bogus");
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(stderr.lines().toList()).hasSize(1);
        assertThat(stderr).contains("--bogus").contains("--help");
    }

    @Test
    void versionAndHelpPrintAndExit() throws Exception {
        Process version = launch(Map.of(), "--version");
        assertThat(version.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).isZero();
        assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("AgentDeck");

        Process help = launch(Map.of(), "--help");
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("--headless", "--port", "--data-dir", "--no-auto-init");
    }

    private Process launch(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                // The production logging configuration, not the test one that is also on the class path.
                "-Dlogback.configurationFile=logback.xml",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(key -> key.startsWith("OPENAI_") || key.startsWith("AGENTDECK_"));
        builder.environment().putAll(env);
        builder.environment().put("XDG_DATA_HOME", dataDir.resolve("xdg").toString());
        return builder.start();
    }

    /**
     * The process's output lines, read by one daemon thread: one reader for the whole stream (a second reader would
     * miss what the first buffered), and waiting on the queue can time out where a blocking read cannot.
     */
    private static BlockingQueue<String> linesOf(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // The process ended; the waiting side times out with its own message.
            }
        });
        return lines;
    }

    private static String readLineContaining(BlockingQueue<String> lines, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("The server never printed a line containing '" + text + "'");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
