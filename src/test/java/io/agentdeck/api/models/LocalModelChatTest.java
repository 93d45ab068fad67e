package io.agentdeck.api.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.api.realtime.WsTestClient;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.engine.model.ModelSettings.LocalOptions;
import io.agentdeck.testing.HeadlessProcess;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TestApp;
import io.agentdeck.testing.TestDatabases;
import io.agentdeck.testing.TinyGguf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real in-process path: a tiny llama-architecture GGUF with random weights, written by the test, loaded by
 * llama.cpp in this JVM as provider {@code local}, and talked to over the real API — a reply, a streamed reply with its
 * speed, and the status naming the model.
 */
class LocalModelChatTest {
    /** Room for the Creator's brief and a design held to its schema. */
    private static final int CONTEXT = 8192;

    @TempDir
    static Path dataDir;

    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dataDir.resolve("models"));
        TinyGguf.model().name("Tiny Llama").contextLength(CONTEXT).writeTo(dataDir.resolve("models/tiny.gguf"));
        app = TestApp.start(dataDir, ModelSettings.local("tiny", new LocalOptions(CONTEXT, 2, Optional.empty())))
                .initialized();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theStatusNamesTheLocalModelAndAnAgentAnswersWithIt() {
        JsonNode model = app.http().get("/api/status").json().get("model");
        assertThat(model.get("provider").asText()).isEqualTo("local");
        assertThat(model.get("name").asText()).isEqualTo("tiny");
        assertThat(model.get("ready").asBoolean()).as(model.toString()).isTrue();

        var reply = app.http().post("/api/agents/3/message", "{\"message\": \"Say something\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().at("/usage/completion_tokens").asInt()).isPositive();
        assertThat(reply.json().at("/usage/prompt_tokens").asInt()).isPositive();
    }

    @Test
    void aHeadlessServerRunsTheLocalModelAndExitsCleanlyOnSigterm(@TempDir Path serverDir) throws Exception {
        Files.createDirectories(serverDir.resolve("models"));
        TinyGguf.model().contextLength(512).writeTo(serverDir.resolve("models/tiny.gguf"));
        int port = HeadlessProcess.freePort();
        HeadlessProcess headless = HeadlessProcess.launch(
                serverDir.resolve("xdg"),
                TestDatabases.environmentFor(
                        serverDir, Map.of("AGENTDECK_MODEL_PROVIDER", "local", "AGENTDECK_MODEL", "tiny")),
                "--headless",
                "--port",
                String.valueOf(port),
                "--data-dir",
                serverDir.toString());
        Process server = headless.process();
        try {
            headless.awaitLine("listening");
            String token = Files.readString(serverDir.resolve("api-token")).strip();
            HttpJson http = new HttpJson("http://127.0.0.1:" + port, Optional.of(token));
            assertThat(http.get("/api/status").json().at("/model/ready").asBoolean())
                    .isTrue();
            var reply = http.post("/api/agents/3/message", "{\"message\": \"Hello\"}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        } finally {
            server.destroy(); // SIGTERM, with llama.cpp's threads running
        }
        assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("the JVM exits").isTrue();
        assertThat(server.exitValue()).isIn(0, 143);
        assertThat(Files.readString(serverDir.resolve("logs/agentdeck.log")))
                .contains("Loaded local model tiny")
                .contains("Released local model tiny");
    }

    @Test
    void aFollowUpInAThreadIsReadWithTheThreadsHistory() {
        long thread = app.http()
                .post("/api/agents/3/conversations", "{\"title\": \"Follow-up\"}")
                .json()
                .get("id")
                .asLong();
        String ask = "{\"message\": \"Name a colour\", \"conversation_id\": " + thread + "}";

        var first = app.http().post("/api/agents/3/message", ask);
        var second = app.http().post("/api/agents/3/message", ask);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        // The same question twice: only the first exchange, read from the thread, can make the second prompt longer.
        assertThat(second.json().at("/usage/prompt_tokens").asInt())
                .isGreaterThan(first.json().at("/usage/prompt_tokens").asInt());
    }

    @Test
    void aModelIsActivatedOverTheApiOnlyWhenItCanRunAndTheChoiceIsKept() throws Exception {
        Path models = dataDir.resolve("models");
        TinyGguf.model().seed(7).name("Second").contextLength(512).writeTo(models.resolve("second.gguf"));
        TinyGguf.model().corruption(TinyGguf.Corruption.TRUNCATED_TENSOR_DATA).writeTo(models.resolve("broken.gguf"));
        try {
            var activated = app.http().postEmpty("/api/models/second/activate");
            assertThat(activated.status()).as(activated.body()).isEqualTo(200);
            assertThat(activated.json().get("active").asBoolean()).isTrue();
            assertThat(app.http().get("/api/status").json().at("/model/name").asText())
                    .isEqualTo("second");
            assertThat(app.http().get("/api/models/tiny").json().get("active").asBoolean())
                    .isFalse();
            assertThat(Files.readString(dataDir.resolve("settings.json")))
                    .contains("\"provider\" : \"local\"")
                    .contains("\"second\"");
            assertThat(app.http()
                            .post("/api/agents/3/message", "{\"message\": \"Hi\"}")
                            .status())
                    .isEqualTo(200);

            // A damaged file is refused with the reason, and the model in use stays.
            var refused = app.http().postEmpty("/api/models/broken/activate");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("error").asText())
                    .contains("could not be loaded: llama.cpp refused the file");
            assertThat(app.http().get("/api/status").json().at("/model/name").asText())
                    .isEqualTo("second");
            assertThat(app.http().get("/api/status").json().at("/model/ready").asBoolean())
                    .isTrue();
            assertThat(app.http().postEmpty("/api/models/nothing-here/activate").status())
                    .isEqualTo(404);

            // The model in use cannot be deleted from under the agents; another one can.
            var inUse = app.http().delete("/api/models/second");
            assertThat(inUse.status()).isEqualTo(409);
            assertThat(inUse.json().get("error").asText()).contains("use another model first");
            assertThat(models.resolve("second.gguf")).exists();
            assertThat(app.http().delete("/api/models/broken").status()).isEqualTo(200);
            assertThat(models.resolve("broken.gguf")).doesNotExist();
        } finally {
            app.http().postEmpty("/api/models/tiny/activate");
        }
    }

    @Test
    void aModelLargerThanTheMemoryLimitIsRefusedAtStartWithTheReasonAndTheAppRuns(@TempDir Path other)
            throws Exception {
        Files.createDirectories(other.resolve("models"));
        TinyGguf.model().writeTo(other.resolve("models/tiny.gguf"));
        try (TestApp limited = TestApp.start(
                        other, ModelSettings.local("tiny", new LocalOptions(512, 2, Optional.of(1L << 20))))
                .initialized()) {
            JsonNode model = limited.http().get("/api/status").json().get("model");
            assertThat(model.get("provider").asText()).isEqualTo("local");
            assertThat(model.get("ready").asBoolean()).isFalse();
            var reply = limited.http().post("/api/agents/3/message", "{\"message\": \"Hi\"}");
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.json().get("error").asText())
                    .contains("needs about")
                    .contains("the memory limit in the settings is 1 MB");
        }
    }

    /**
     * The tiny model's weights are random and llama.cpp samples with a random seed, so a reply can end after a single
     * piece (an end token, or bytes that are no text): the question is asked until a reply of several pieces comes,
     * at most five times, and every reply on the way must be complete and carry its speed.
     */
    @Test
    void aStreamedReplyArrivesInPiecesWithItsSpeed() throws Exception {
        long mostPieces = 0;
        try (WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + app.port() + "/ws?token=" + app.token())) {
            for (int attempt = 1; attempt <= 5 && mostPieces < 2; attempt++) {
                client.send(
                        "send_message",
                        "{\"agent_id\": 3, \"message\": \"Tell me more\", \"request_id\": \"l" + attempt + "\"}");
                List<JsonNode> frames =
                        client.until(frame -> frame.get("event").asText().equals("agent_response")
                                || frame.get("event").asText().equals("error"));
                assertThat(frames.getLast().get("event").asText())
                        .as(frames.getLast().toString())
                        .isEqualTo("agent_response");
                long pieces = frames.stream()
                        .filter(frame -> frame.get("event").asText().equals("agent_token"))
                        .count();
                mostPieces = Math.max(mostPieces, pieces);
                JsonNode usage = frames.getLast().at("/data/usage");
                if (pieces == 0) {
                    // Ended before any text: there was no first token to time.
                    assertThat(usage.has("ttft_ms")).as(usage.toString()).isFalse();
                } else {
                    assertThat(usage.get("ttft_ms").asLong()).isGreaterThanOrEqualTo(0);
                    assertThat(usage.get("tokens_per_second").asDouble()).isPositive();
                }
            }
        }
        assertThat(mostPieces).as("the most pieces one streamed reply came in").isGreaterThan(1);
    }

    @Test
    void theCreatorDesignsAndStoresAnAgentWithTheLocalModel() {
        var created = app.http()
                .post(
                        "/api/agents/create",
                        "{\"role\": \"Release notes writer\", \"capabilities\": [\"changelogs\"],"
                                + " \"reason\": \"We ship every week\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode agent = created.json();
        assertThat(agent.get("type").asText()).isEqualTo("dynamic");
        assertThat(agent.get("created_by").asLong()).isEqualTo(2);
        assertThat(agent.get("capabilities").toString()).contains("changelogs");
        assertThat(app.http().get("/api/agents").body())
                .contains("\"id\":" + agent.get("id").asLong());
    }
}
