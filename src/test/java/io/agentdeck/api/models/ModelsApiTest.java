package io.agentdeck.api.models;

import static io.agentdeck.testing.Waits.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.api.realtime.WsTestClient;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FileServer;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TestApp;
import io.agentdeck.testing.TinyGguf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models folder over the API, against a real HTTP server on loopback standing in for a model host: a download
 * with progress events, one cut short and resumed with a range request, a checksum that does not match, a file added
 * from disk, and bad input refused with reasons.
 */
@AppTest(shared = true)
class ModelsApiTest {
    @FromApp
    private TestApp app;

    @FromApp
    private HttpJson http;

    @TempDir
    Path disk;

    private FileServer host;
    private byte[] model;

    @BeforeEach
    void aHost() throws Exception {
        host = new FileServer();
        model = TinyGguf.model().name("Tiny Test Llama").contextLength(512).bytes();
    }

    @AfterEach
    void stop() {
        host.close();
        for (JsonNode listed : http.get("/api/models").json().get("models")) {
            http.delete("/api/models/" + listed.get("id").asText());
        }
    }

    private JsonNode listed(String id) {
        for (JsonNode listed : http.get("/api/models").json().get("models")) {
            if (listed.get("id").asText().equals(id)) {
                return listed;
            }
        }
        return null;
    }

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(WAIT).until(() -> {
            JsonNode found = listed(id);
            return found != null && found.get("status").asText().equals(status);
        });
        return listed(id);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aDownloadReportsProgressAndListsTheModelWithWhatItsHeaderSays() throws Exception {
        host.pauseBetweenPieces(5);
        var url = host.put("tiny-llama.Q8_0.gguf", model);
        try (WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + app.port() + "/ws?token=" + app.token())) {
            var started = http.post("/api/models", "{\"url\": \"" + url + "\", \"sha256\": \"" + sha256(model) + "\"}");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            assertThat(started.json().get("id").asText()).isEqualTo("tiny-llama.Q8_0");
            assertThat(started.json().get("status").asText()).isEqualTo("downloading");

            List<JsonNode> frames =
                    client.until(frame -> frame.get("event").asText().equals("model_progress")
                            && frame.at("/data/status").asText().equals("ready"));
            List<JsonNode> progress = frames.stream()
                    .filter(frame -> frame.get("event").asText().equals("model_progress"))
                    .map(frame -> frame.get("data"))
                    .toList();
            assertThat(progress.getFirst().get("status").asText()).isEqualTo("downloading");
            assertThat(progress.stream().map(p -> p.get("bytes").asLong()))
                    .as("bytes only grow")
                    .isSorted();
            assertThat(progress.getLast().get("bytes").asLong()).isEqualTo(model.length);
            assertThat(progress.getLast().get("total").asLong()).isEqualTo(model.length);
        }
        JsonNode ready = listed("tiny-llama.Q8_0");
        assertThat(ready.get("name").asText()).isEqualTo("Tiny Test Llama");
        assertThat(ready.get("size_bytes").asLong()).isEqualTo(model.length);
        assertThat(ready.get("context_length").asInt()).isEqualTo(512);
        assertThat(ready.get("quantization").asText()).isEqualTo("F32");
        assertThat(ready.get("active").asBoolean()).isFalse();
        Path stored = app.engine().models().folder().resolve("tiny-llama.Q8_0.gguf");
        assertThat(Files.readAllBytes(stored)).isEqualTo(model);

        var again = http.post("/api/models", "{\"url\": \"" + url + "\"}");
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void aDownloadCutShortFailsWithWhatToDoAndResumesFromWhereItStopped() throws Exception {
        var url = host.put("cut.gguf", model);
        host.cutOnce("cut.gguf", model.length / 2);
        assertThat(http.post("/api/models", "{\"url\": \"" + url + "\"}").status())
                .isEqualTo(202);
        JsonNode failed = awaitStatus("cut", "failed");
        assertThat(failed.get("error").asText()).contains("Start it again to resume");
        long kept = Files.size(app.engine().models().folder().resolve("cut.gguf.part"));
        assertThat(kept).isPositive().isLessThan(model.length);

        assertThat(http.post("/api/models", "{\"url\": \"" + url + "\"}").status())
                .isEqualTo(202);
        awaitStatus("cut", "ready");
        assertThat(host.ranges()).containsExactly("", "bytes=" + kept + "-");
        assertThat(sha256(Files.readAllBytes(app.engine().models().folder().resolve("cut.gguf"))))
                .isEqualTo(sha256(model));
    }

    @Test
    void aFileWhoseChecksumDiffersIsDeletedWithTheReason() throws Exception {
        var url = host.put("tampered.gguf", model);
        String expected = "0".repeat(64);
        assertThat(http.post("/api/models", "{\"url\": \"" + url + "\", \"sha256\": \"" + expected + "\"}")
                        .status())
                .isEqualTo(202);
        JsonNode failed = awaitStatus("tampered", "failed");
        assertThat(failed.get("error").asText())
                .contains("SHA-256 is " + sha256(model))
                .contains("not " + expected);
        assertThat(app.engine().models().folder().resolve("tampered.gguf.part")).doesNotExist();
        assertThat(app.engine().models().folder().resolve("tampered.gguf")).doesNotExist();
    }

    @Test
    void aFileFromDiskIsCopiedInAndDeletedAgain() throws Exception {
        Path file = Files.write(disk.resolve("my-model.gguf"), model);
        var added = http.post("/api/models", "{\"path\": \"" + file + "\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(202);
        awaitStatus("my-model", "ready");
        assertThat(file).exists();

        assertThat(http.delete("/api/models/my-model").status()).isEqualTo(200);
        assertThat(listed("my-model")).isNull();
        assertThat(http.delete("/api/models/my-model").status()).isEqualTo(404);
        assertThat(http.get("/api/models/my-model").status()).isEqualTo(404);
    }

    @Test
    void badInputIsRefusedWithTheReason() throws Exception {
        Path notGguf = Files.writeString(disk.resolve("notes.gguf"), "just some text, not a model");
        Path truncated = Files.write(disk.resolve("short.gguf"), java.util.Arrays.copyOf(model, 20));
        List<String> bodies = List.of(
                "{\"path\": \"" + notGguf + "\"}",
                "{\"path\": \"" + truncated + "\"}",
                "{\"path\": \"" + disk.resolve("missing.gguf") + "\"}",
                "{\"path\": \"relative.gguf\"}",
                "{\"url\": \"ftp://127.0.0.1/x.gguf\"}",
                "{\"url\": \"" + host.uri("weights.bin") + "\"}",
                "{\"url\": \"" + host.uri("x.gguf") + "\", \"sha256\": \"abc\"}",
                "{\"url\": \"" + host.uri("x.gguf") + "\", \"path\": \"/tmp/x.gguf\"}",
                "{}",
                "not json");
        List<String> expected = List.of(
                "is not a GGUF model file",
                "is cut short",
                "There is no file",
                "must be an absolute path",
                "must be an http or https URL",
                "is not a GGUF file",
                "64 hexadecimal characters",
                "Give either",
                "Give either",
                "");
        for (int i = 0; i < bodies.size(); i++) {
            var refused = http.post("/api/models", bodies.get(i));
            assertThat(refused.status())
                    .as(bodies.get(i) + " → " + refused.body())
                    .isEqualTo(400);
            assertThat(refused.json().get("error").asText()).contains(expected.get(i));
        }
        assertThat(Optional.ofNullable(listed("notes"))).isEmpty();
    }
}
