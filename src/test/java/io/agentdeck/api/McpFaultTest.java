package io.agentdeck.api;

import static io.agentdeck.testing.McpFixtures.awaitStatus;
import static io.agentdeck.testing.McpFixtures.json;
import static io.agentdeck.testing.McpFixtures.server;
import static io.agentdeck.testing.McpFixtures.toolNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeck.engine.tool.AgentToolBox;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.McpFixtures;
import io.agentdeck.testing.TestApp;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP servers that go wrong: one that cannot start, one that exits during a call, one that never answers, one that
 * sends what is not JSON-RPC, one whose result is huge. Each turn still ends (the model reads the error and answers),
 * the agent is idle again, the thread keeps the call with its error, and a healthy server beside them keeps working.
 */
@AppTest(shared = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpFaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GENERATOR = 3;
    private static final String ANSWER = "I could not use the tool, sorry.";

    @FromApp
    private TestApp app;

    @FromApp
    private HttpJson http;

    @TempDir
    private static Path scripts;

    private Path script;

    @BeforeAll
    void startAHealthyServer() {
        script = McpFixtures.prepare(scripts);
        assertThat(http.put("/api/mcp/servers/steady", json(McpFixtures.scripted(script, "ok")))
                        .status())
                .isEqualTo(200);
        awaitStatus(http, "steady", "connected");
    }

    @AfterEach
    void theHealthyServerIsUnaffected() {
        assertThat(server(http, "steady").path("status").asText()).isEqualTo("connected");
        JsonNode call = toolMessage(turn("steady__probe", "Still there?"));
        assertThat(call.path("content").asText()).startsWith("fine from ");
        assertThat(call.at("/tool/status").asText()).isEqualTo("ok");
    }

    @AfterAll
    void nothingIsLeftRunning() {
        McpFixtures.removeAll(app, script.toString());
    }

    @Test
    void aCommandThatDoesNotExistFailsWithAShortReason() {
        var put = http.put(
                "/api/mcp/servers/missing", json(McpFixtures.stdio("/nonexistent/agentdeck-mcp-server", "--stdio")));
        assertThat(put.status()).isEqualTo(200);

        JsonNode failed = awaitStatus(http, "missing", "failed");

        assertThat(failed.path("error").asText())
                .isEqualTo("Could not run \"/nonexistent/agentdeck-mcp-server\": no such program (is it installed and"
                        + " on the PATH?).");
        assertThat(failed.path("tools").asInt()).isZero();
        assertThat(toolNames(http)).noneMatch(name -> name.startsWith("missing__"));
        http.delete("/api/mcp/servers/missing");
    }

    @Test
    void aServerThatExitsAtOnceSaysWithWhichCode() {
        assertThat(http.put("/api/mcp/servers/quits", json(McpFixtures.stdio("node", "-e", "process.exit(4)")))
                        .status())
                .isEqualTo(200);

        assertThat(awaitStatus(http, "quits", "failed").path("error").asText())
                .isEqualTo("The server exited during start-up (exit code 4).");
        http.delete("/api/mcp/servers/quits");
    }

    @Test
    void aServerThatExitsDuringACallIsMarkedFailedAndRestartsOnRequest() {
        putAndConnect("dies", McpFixtures.scripted(script, "exit"));

        JsonNode call = toolMessage(turn("dies__probe", "Probe it"));

        assertThat(call.path("content").asText())
                .startsWith("Error: The MCP server \"dies\" stopped while running probe")
                .contains("exit code 3");
        assertThat(call.at("/tool/status").asText()).isEqualTo("error");
        JsonNode failed = server(http, "dies");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").asText()).isEqualTo("The server exited (exit code 3).");
        assertThat(toolNames(http)).doesNotContain("dies__probe");

        // A call while it is down is answered at once.
        app.model().enqueue(FakeReply.toolCall("dies__probe", "{}"), FakeReply.text(ANSWER));
        JsonNode again = toolMessage(ask("Probe it again"));
        assertThat(again.path("content").asText()).contains("is not available now");

        assertThat(http.postEmpty("/api/mcp/servers/dies/restart").status()).isEqualTo(200);
        assertThat(awaitStatus(http, "dies", "connected").path("tools").asInt()).isEqualTo(1);
        http.delete("/api/mcp/servers/dies");
    }

    @Test
    void aCallThatIsNeverAnsweredEndsAfterTheServersTimeout() {
        ObjectNode entry = McpFixtures.scripted(script, "silent").put("timeout", 2);
        putAndConnect("silent", entry);

        long started = System.nanoTime();
        JsonNode call = toolMessage(turn("silent__probe", "Probe it"));

        assertThat(call.path("content").asText()).isEqualTo("Error: The MCP tool did not answer within 2 seconds.");
        assertThat((System.nanoTime() - started) / 1_000_000).isBetween(1_900L, 6_000L);
        assertThat(server(http, "silent").path("status").asText())
                .as("it still answers pings")
                .isEqualTo("connected");
        http.delete("/api/mcp/servers/silent");
    }

    @Test
    void aReplyThatIsNotJsonRpcIsAnErrorForTheModel() {
        putAndConnect("garbled", McpFixtures.scripted(script, "malformed").put("timeout", 5));

        JsonNode call = toolMessage(turn("garbled__probe", "Probe it"));

        assertThat(call.path("content").asText())
                .startsWith("Error: The MCP server \"garbled\" sent a reply AgentDeck cannot use");
        assertThat(server(http, "garbled").path("status").asText()).isEqualTo("connected");
        http.delete("/api/mcp/servers/garbled");
    }

    @Test
    void aTenMegabyteResultIsCutToWhatAModelReads() {
        putAndConnect("huge", McpFixtures.scripted(script, "big"));

        JsonNode thread = turn("huge__probe", "Probe it");

        String content = toolMessage(thread).path("content").asText();
        assertThat(content.length()).isBetween(AgentToolBox.MAX_RESULT_CHARS, AgentToolBox.MAX_RESULT_CHARS + 100);
        assertThat(content).startsWith("xxxx").contains("more characters cut");
        assertThat(app.model().lastRequest().rawBody().length()).isLessThan(200_000);
        assertThat(thread.get(thread.size() - 1).path("content").asText()).isEqualTo(ANSWER);
        http.delete("/api/mcp/servers/huge");
    }

    private void putAndConnect(String name, ObjectNode entry) {
        var put = http.put("/api/mcp/servers/" + name, json(entry));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        awaitStatus(http, name, "connected");
    }

    /** The Generator gets only this tool, the model calls it once and then answers; returns the thread. */
    private JsonNode turn(String tool, String question) {
        assertThat(http.put("/api/agents/" + GENERATOR + "/tools", "{\"tools\": [\"" + tool + "\"]}")
                        .status())
                .isEqualTo(200);
        app.model().enqueue(FakeReply.toolCall(tool, "{}"), FakeReply.text(ANSWER));
        return ask(question);
    }

    /** Asks in a new thread; the reply completes and the agent is idle again. */
    private JsonNode ask(String question) {
        long thread = http.post("/api/agents/" + GENERATOR + "/conversations", "{\"title\": \"faults\"}")
                .json()
                .path("id")
                .asLong();
        var reply = http.post(
                "/api/agents/" + GENERATOR + "/message",
                JSON.createObjectNode()
                        .put("message", question)
                        .put("conversation_id", thread)
                        .toString());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("response").asText()).isEqualTo(ANSWER);
        assertThat(http.get("/api/agents/" + GENERATOR + "/status")
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("idle");
        return http.get("/api/agents/" + GENERATOR + "/messages?conversation_id=" + thread)
                .json()
                .path("messages");
    }

    private static JsonNode toolMessage(JsonNode thread) {
        return StreamSupport.stream(thread.spliterator(), false)
                .filter(message -> message.path("role").asText().equals("tool"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No tool message in " + thread));
    }
}
