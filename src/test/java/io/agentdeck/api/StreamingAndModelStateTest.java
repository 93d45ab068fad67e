package io.agentdeck.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.TestApp;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingAndModelStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStreamedReplyArrivesAsTokenEventsThenOneDoneEvent(@TempDir Path dataDir) throws Exception {
        try (FakeOpenAiServer model = FakeOpenAiServer.start();
                TestApp app = TestApp.start(dataDir, TestApp.fakeModel(model.baseUrl()))) {
            app.http().postEmpty("/api/init");
            model.enqueue(FakeReply.text("Streaming works one word at a time"));

            var response = app.http()
                    .send(HttpRequest.newBuilder(app.http().uri("/api/agents/1/message"))
                            .header("Content-Type", "application/json")
                            .header("Accept", "text/event-stream")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"stream it\"}")));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.contentType()).startsWith("text/event-stream");
            List<String> events = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            JsonNode done = null;
            for (String frame : response.body().split("\n\n")) {
                String event = frame.lines()
                        .filter(l -> l.startsWith("event: "))
                        .findFirst()
                        .orElseThrow()
                        .substring(7);
                JsonNode data = JSON.readTree(frame.lines()
                        .filter(l -> l.startsWith("data: "))
                        .findFirst()
                        .orElseThrow()
                        .substring(6));
                events.add(event);
                if (event.equals("token")) {
                    text.append(data.get("delta").asText());
                } else {
                    done = data;
                }
            }
            assertThat(events).last().isEqualTo("done");
            assertThat(events.stream().filter("token"::equals).count()).isGreaterThan(3);
            assertThat(text.toString()).isEqualTo("Streaming works one word at a time");
            assertThat(done.get("response").asText()).isEqualTo("Streaming works one word at a time");
            assertThat(model.lastRequest().stream()).isTrue();
        }
    }

    @Test
    void withNoModelConfiguredTheServerStartsAndMessagesGet503WithAHint(@TempDir Path dataDir) {
        try (TestApp app = TestApp.start(dataDir, ModelSettings.none())) {
            JsonNode status = app.http().get("/api/status").json();
            assertThat(status.at("/model/ready").asBoolean()).isFalse();
            assertThat(status.at("/model/provider").asText()).isEqualTo("none");
            assertThat(app.http().postEmpty("/api/init").status()).isEqualTo(200);

            var message = app.http().post("/api/agents/1/message", "{\"message\": \"hello?\"}");
            assertThat(message.status()).isEqualTo(503);
            assertThat(message.json().get("code").asText()).isEqualTo("no_model_configured");
            assertThat(message.json().get("hint").asText())
                    .contains("OPENAI_API_KEY")
                    .contains("Ollama");
            var task = app.http().post("/api/agents/task", "{\"task\": \"anything\"}");
            assertThat(task.status()).isEqualTo(503);
            assertThat(app.http()
                            .get("/api/agents/1/status")
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("idle");
            assertThat(app.http().get("/api/tasks").json().get("tasks")).isEmpty();
        }
    }

    @Test
    void relevantKnowledgeIsGivenWithTheQuestion(@TempDir Path dataDir) {
        try (FakeOpenAiServer model = FakeOpenAiServer.start();
                TestApp app = TestApp.start(dataDir, TestApp.fakeModel(model.baseUrl()))) {
            app.http().postEmpty("/api/init");
            app.http().post("/api/agents/1/message", "{\"message\": \"How do I connect AgentDeck to Ollama?\"}");
            String question = model.lastRequest().messages().getLast().content();
            assertThat(question)
                    .contains("Relevant passages")
                    .contains("[1] (models.md, under 'Connecting a model')")
                    .contains("11434");
        }
    }
}
