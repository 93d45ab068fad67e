package io.agentdeck.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.NodeProject;
import io.agentdeck.testing.TestApp;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real npm clients against the real server: the seed's socket.io-client session over each transport, and the
 * official openai package. Their versions are pinned by src/test/node/package-lock.json.
 */
@AppTest(shared = true, initialized = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private TestApp app;

    @BeforeAll
    void start() throws Exception {
        NodeProject.installOnce();
        app.http().postEmpty("/api/init");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"polling", "upgrade", "websocket"})
    void theSeedsJavaScriptSessionWorksOverEachTransport(String transport) throws Exception {
        List<JsonNode> lines = NodeProject.run("seed-session.mjs", app.baseUrl(), app.token(), transport);

        assertThat(lines.getFirst().get("event").asText()).isEqualTo("refused_without_token");
        List<String> events = lines.stream()
                .filter(line -> line.has("event"))
                .map(line -> line.get("event").asText())
                .toList();
        assertThat(events).contains("connect", "ack", "agent_token", "agent_response");
        JsonNode response = lines.stream()
                .filter(line -> "agent_response".equals(line.path("event").asText()))
                .findFirst()
                .orElseThrow()
                .get("data");
        assertThat(response.get("agent_name").asText()).isEqualTo("Driver");
        assertThat(response.get("message").asText()).isEqualTo("Echo: Hello, can you help me?");
        // busy before the response, idle after it
        int busy = indexOf(lines, "agent_status", "busy");
        int reply = events.indexOf("agent_response");
        int idle = indexOf(lines, "agent_status", "idle");
        assertThat(busy).isLessThan(reply);
        assertThat(reply).isLessThan(idle);
        String finalTransport = lines.stream()
                .filter(line -> "transport".equals(line.path("event").asText()))
                .findFirst()
                .orElseThrow()
                .get("name")
                .asText();
        assertThat(finalTransport).isEqualTo(transport.equals("polling") ? "polling" : "websocket");
    }

    @Test
    void theSeedsClientLibraryWatchesAWorkflowsStepsInOrder() throws Exception {
        model.defaultResponder(request -> {
            if (request.responseFormat() != null
                    && request.responseFormat().toString().contains("workflow_plan")) {
                return FakeReply.jsonOf(java.util.Map.of(
                        "steps",
                        List.of(
                                java.util.Map.of(
                                        "step",
                                        1,
                                        "agent",
                                        "Generator",
                                        "instruction",
                                        "Write the API",
                                        "depends_on",
                                        List.of()),
                                java.util.Map.of(
                                        "step",
                                        2,
                                        "agent",
                                        "Generator",
                                        "instruction",
                                        "Write its tests",
                                        "depends_on",
                                        List.of(1)))));
            }
            return FakeReply.text(
                    "Done: " + request.lastQuestion().lines().findFirst().orElse(""));
        });

        List<JsonNode> lines = NodeProject.run("workflow-watch.mjs", app.baseUrl(), app.token());

        List<String> updates = lines.stream()
                .filter(line -> "workflow_update".equals(line.path("event").asText()))
                .map(line -> line.at("/data/step").asText() + ":"
                        + line.at("/data/status").asText())
                .toList();
        assertThat(updates)
                .containsSubsequence("0:planning", "0:running", "1:running", "1:succeeded", "2:running")
                .containsSubsequence("2:succeeded", "0:succeeded");
        assertThat(updates.getLast()).isEqualTo("0:succeeded");
        assertThat(updates.indexOf("1:succeeded"))
                .as("step 2 depends on step 1")
                .isLessThan(updates.indexOf("2:running"));
    }

    @Test
    void theOfficialOpenAiPackageWorksPlainAndStreaming() throws Exception {
        List<JsonNode> lines = NodeProject.run("openai-sdk.mjs", app.baseUrl() + "/v1", app.token());

        JsonNode models = step(lines, "models");
        assertThat(models.get("ids")).extracting(JsonNode::asText).contains("driver", "creator", "generator");
        JsonNode plain = step(lines, "plain");
        assertThat(plain.get("content").asText()).isEqualTo("Echo: Say hello");
        assertThat(plain.get("object").asText()).isEqualTo("chat.completion");
        assertThat(plain.at("/usage/total_tokens").asInt()).isPositive();
        JsonNode stream = step(lines, "stream");
        assertThat(stream.get("content").asText()).isEqualTo("Echo: Stream a plan");
        assertThat(stream.get("chunks").asInt()).isGreaterThan(2);
        assertThat(stream.at("/usage/total_tokens").asInt()).isPositive();
        assertThat(step(lines, "bad-key").get("status").asInt()).isEqualTo(401);
    }

    private static int indexOf(List<JsonNode> lines, String event, String status) {
        List<JsonNode> events = lines.stream().filter(line -> line.has("event")).toList();
        for (int i = 0; i < events.size(); i++) {
            if (event.equals(events.get(i).get("event").asText())
                    && status.equals(events.get(i).at("/data/status").asText())) {
                return i;
            }
        }
        throw new AssertionError("No " + event + " " + status + " in " + lines);
    }

    private static JsonNode step(List<JsonNode> lines, String name) {
        return lines.stream()
                .filter(line -> name.equals(line.path("step").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No step " + name + " in " + lines));
    }
}
