package io.agentdeck;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.HeadlessProcess;
import io.agentdeck.testing.HttpJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
            int port = HeadlessProcess.freePort();
            HeadlessProcess headless = HeadlessProcess.launch(
                    dataDir.resolve("xdg"),
                    Map.of("OPENAI_BASE_URL", model.baseUrl(), "OPENAI_API_KEY", "sk-test"),
                    "--headless",
                    "--port",
                    String.valueOf(port),
                    "--data-dir",
                    dataDir.toString());
            Process server = headless.process();
            try {
                String banner = headless.awaitLine("listening");
                assertThat(banner).contains("http://127.0.0.1:" + port);
                assertThat(headless.awaitLine("API token")).contains(dataDir.toString());
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
    void aSecondAgentDeckOnTheSameDataFolderIsRefusedWithAOneLineMessage() throws Exception {
        // The first one runs in this JVM; the lock is the operating system's, so the other process meets it.
        try (io.agentdeck.testing.TestApp first = io.agentdeck.testing.TestApp.engineOnly(dataDir)) {
            // A second one in this JVM is refused too, and refusing it must not release the first one's OS lock
            // (closing any channel on the lock file would, for the whole process).
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.agentdeck.testing.TestApp.engineOnly(dataDir))
                    .hasMessageContaining("Another AgentDeck is using the data folder");
            Process second = launch(
                    Map.of(),
                    "--headless",
                    "--no-auto-init",
                    "--port",
                    String.valueOf(HeadlessProcess.freePort()),
                    "--data-dir",
                    dataDir.toString());
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            String stderr = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(stderr.strip())
                    .isEqualTo("agentdeck: could not start: Another AgentDeck is using the data folder " + dataDir
                            + ". Close it first, or start this one with --data-dir <another folder>.");
            assertThat(first.initialized().engine().agents())
                    .as("the first one works on")
                    .isNotEmpty();
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
        return HeadlessProcess.builder(dataDir.resolve("xdg"), env, args).start();
    }
}
