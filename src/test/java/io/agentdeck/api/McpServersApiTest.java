package io.agentdeck.api;

import static io.agentdeck.testing.McpFixtures.awaitStatus;
import static io.agentdeck.testing.McpFixtures.json;
import static io.agentdeck.testing.McpFixtures.server;
import static io.agentdeck.testing.McpFixtures.toolNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.McpFixtures;
import io.agentdeck.testing.McpFixtures.EverythingOverHttp;
import io.agentdeck.testing.NodeProject;
import io.agentdeck.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP servers through the API against real servers: the reference filesystem server over stdio, the reference
 * "everything" server over Streamable HTTP, and a scripted one; their tools in the catalog and in an agent's turn,
 * the {@code mcp.json} paste, and bad input.
 */
@AppTest(shared = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpServersApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GENERATOR = 3;
    private static final String ANSWER = "Here is what the tool found.";

    @FromApp
    private TestApp app;

    @FromApp
    private HttpJson http;

    @TempDir
    private static Path scripts;

    private Path script;

    @BeforeAll
    void install() {
        script = McpFixtures.prepare(scripts);
    }

    @AfterAll
    void nothingIsLeftRunning() {
        McpFixtures.removeAll(
                app, script.toString(), NodeProject.filesystemServer().toString());
    }

    @Test
    void theFilesystemServerOverStdioListsAFolderInAnAgentsTurn(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("notes.md"), "# Notes");
        Files.writeString(folder.resolve("plan.txt"), "step one");
        Files.createDirectory(folder.resolve("drafts"));

        var put = http.put("/api/mcp/servers/files", json(McpFixtures.filesystem(folder)));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("transport").asText()).isEqualTo("stdio");
        JsonNode listed = awaitStatus(http, "files", "connected");
        assertThat(listed.path("tools").asInt()).isGreaterThanOrEqualTo(10);
        assertThat(listed.path("command").asText()).isEqualTo("node");
        assertThat(listed.has("error")).isFalse();

        JsonNode tools = http.get("/api/tools").json().path("tools");
        JsonNode list = tool(tools, "files__list_directory");
        assertThat(list.path("source").asText()).isEqualTo("mcp");
        assertThat(list.path("server").asText()).isEqualTo("files");
        assertThat(list.path("read_only").asBoolean()).isTrue();
        assertThat(list.path("destructive").asBoolean()).isFalse();
        assertThat(list.path("policy").asText()).isEqualTo("allow");
        assertThat(list.at("/parameters/properties/path").isObject()).isTrue();
        JsonNode write = tool(tools, "files__write_file");
        assertThat(write.path("read_only").asBoolean()).isFalse();
        assertThat(write.path("destructive").asBoolean()).isTrue();
        assertThat(write.path("policy").asText()).isEqualTo("ask");

        JsonNode thread = turnWithTool(
                "files__list_directory",
                JSON.createObjectNode().put("path", folder.toString()).toString(),
                "What is in my notes folder?");

        JsonNode call = toolMessage(thread);
        assertThat(call.path("content").asText()).contains("notes.md", "plan.txt", "drafts");
        assertThat(call.at("/tool/name").asText()).isEqualTo("files__list_directory");
        assertThat(call.at("/tool/status").asText()).isEqualTo("ok");
        assertThat(lastReply(thread)).isEqualTo(ANSWER);
        assertThat(app.model().lastRequest().rawBody()).contains("notes.md");
    }

    @Test
    void theEverythingServerOverStreamableHttpEchoesInAnAgentsTurn() {
        try (EverythingOverHttp everything = EverythingOverHttp.start()) {
            try {
                ObjectNode entry =
                        JSON.createObjectNode().put("type", "streamableHttp").put("url", everything.url());
                entry.putObject("headers").put("X-Agentdeck-Test", "header-value-never-shown");
                assertThat(http.put("/api/mcp/servers/everything", json(entry)).status())
                        .isEqualTo(200);

                JsonNode listed = awaitStatus(http, "everything", "connected");
                assertThat(listed.path("transport").asText()).isEqualTo("http");
                assertThat(listed.path("url").asText()).isEqualTo(everything.url());
                assertThat(listed.path("header_names"))
                        .extracting(JsonNode::asText)
                        .containsExactly("X-Agentdeck-Test");
                assertThat(http.get("/api/mcp/servers").body()).doesNotContain("header-value-never-shown");
                assertThat(toolNames(http)).contains("everything__echo", "everything__get-sum");

                JsonNode thread = turnWithTool("everything__echo", "{\"message\":\"over HTTP\"}", "Echo something");

                assertThat(toolMessage(thread).path("content").asText()).isEqualTo("Echo: over HTTP");
                assertThat(lastReply(thread)).isEqualTo(ANSWER);
            } finally {
                http.delete("/api/mcp/servers/everything");
            }
        }
    }

    @Test
    void aPastedMcpServersBlockIsSavedShownWithoutSecretsRestartedAndDeleted() throws Exception {
        int closedPort = McpFixtures.freePort();
        ObjectNode block = JSON.createObjectNode();
        ObjectNode servers = block.putObject("mcpServers");
        ObjectNode pasted = McpFixtures.scripted(script, "ok");
        pasted.putObject("env").put("PASTED_TOKEN", "env-value-never-shown");
        pasted.putArray("autoApprove").add("probe");
        servers.set("pasted", pasted);
        ObjectNode remote = JSON.createObjectNode().put("url", "http://127.0.0.1:" + closedPort + "/mcp");
        remote.putObject("headers").put("Authorization", "Bearer header-value-never-shown");
        servers.set("remote", remote);
        servers.set("off", JSON.createObjectNode().put("command", "node").put("disabled", true));

        var put = http.put("/api/mcp/servers", json(block));

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        Path file = app.context().dataDirectory().mcpConfigFile();
        JsonNode saved = JSON.readTree(Files.readString(file));
        assertThat(saved.path("mcpServers").path("pasted")).isEqualTo(pasted);
        assertThat(saved.path("mcpServers").path("remote")).isEqualTo(remote);
        assertThat(saved.at("/mcpServers/pasted/autoApprove/0").asText()).isEqualTo("probe");
        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);

        JsonNode listed = awaitStatus(http, "pasted", "connected");
        assertThat(listed.path("env_names")).extracting(JsonNode::asText).containsExactly("PASTED_TOKEN");
        assertThat(listed.path("args")).extracting(JsonNode::asText).containsExactly(script.toString(), "ok");
        JsonNode failed = awaitStatus(http, "remote", "failed");
        assertThat(failed.path("error").asText())
                .isEqualTo("Could not connect to " + remote.path("url").asText() + ".");
        assertThat(failed.path("header_names")).extracting(JsonNode::asText).containsExactly("Authorization");
        assertThat(server(http, "off").path("status").asText()).isEqualTo("disabled");
        String everything = http.get("/api/mcp/servers").body() + put.body();
        assertThat(everything).doesNotContain("env-value-never-shown").doesNotContain("header-value-never-shown");
        assertThat(toolNames(http)).contains("pasted__probe");

        var restarted = http.postEmpty("/api/mcp/servers/pasted/restart");
        assertThat(restarted.status()).isEqualTo(200);
        assertThat(restarted.json().path("status").asText()).isIn("starting", "connected");
        awaitStatus(http, "pasted", "connected");
        assertThat(http.postEmpty("/api/mcp/servers/off/restart").status()).isEqualTo(409);

        // Turned off and on again without typing the secret again.
        var off = http.patch("/api/mcp/servers/pasted", "{\"disabled\": true}");
        assertThat(off.json().path("status").asText()).isEqualTo("disabled");
        assertThat(toolNames(http)).doesNotContain("pasted__probe");
        assertThat(http.patch("/api/mcp/servers/pasted", "{}").status()).isEqualTo(400);
        assertThat(http.patch("/api/mcp/servers/nobody", "{\"disabled\": false}")
                        .status())
                .isEqualTo(404);
        http.patch("/api/mcp/servers/pasted", "{\"disabled\": false}");
        awaitStatus(http, "pasted", "connected");
        assertThat(JSON.readTree(Files.readString(file))
                        .at("/mcpServers/pasted/env/PASTED_TOKEN")
                        .asText())
                .isEqualTo("env-value-never-shown");
        assertThat(JSON.readTree(Files.readString(file))
                        .at("/mcpServers/pasted")
                        .has("disabled"))
                .isFalse();

        // Another change keeps what AgentDeck does not know about the others.
        assertThat(http.put("/api/mcp/servers/remote", json(remote)).status()).isEqualTo(200);
        assertThat(JSON.readTree(Files.readString(file))
                        .at("/mcpServers/pasted/autoApprove/0")
                        .asText())
                .isEqualTo("probe");

        for (String name : List.of("pasted", "remote", "off")) {
            assertThat(http.delete("/api/mcp/servers/" + name).status()).isEqualTo(204);
        }
        assertThat(http.delete("/api/mcp/servers/pasted").status()).isEqualTo(404);
        assertThat(http.postEmpty("/api/mcp/servers/pasted/restart").status()).isEqualTo(404);
        assertThat(toolNames(http)).doesNotContain("pasted__probe");
        assertThat(server(http, "pasted").isMissingNode()).isTrue();
        assertThat(JSON.readTree(Files.readString(file)).path("mcpServers").has("pasted"))
                .isFalse();
        McpFixtures.assertNoProcessLeft(script.toString());
    }

    @Test
    void badInputIsRefusedWithTheErrorShapeAndChangesNothing() throws Exception {
        String ok = json(McpFixtures.scripted(script, "ok"));
        for (String name : List.of("bad.name", "with space", "x".repeat(65), "ü")) {
            assertBadRequest(http.put("/api/mcp/servers/" + encoded(name), ok), "name");
        }
        assertBadRequest(http.put("/api/mcp/servers/empty", "{}"), "\"command\"");
        assertBadRequest(http.put("/api/mcp/servers/wrong", "{\"command\": 5}"), "'command'");
        assertBadRequest(http.put("/api/mcp/servers/wrong", "{\"command\": \"node\", \"args\": \"a b\"}"), "'args'");
        assertBadRequest(
                http.put("/api/mcp/servers/wrong", "{\"command\": \"node\", \"env\": {\"KEY\": 1}}"), "'env.KEY'");
        assertBadRequest(http.put("/api/mcp/servers/wrong", "{\"url\": \"ftp://example/mcp\"}"), "'url'");
        assertBadRequest(http.put("/api/mcp/servers/wrong", "{\"type\": \"sse\", \"url\": \"http://h/sse\"}"), "SSE");
        assertBadRequest(http.put("/api/mcp/servers/wrong", "{\"command\": \"node\", \"timeout\": 0}"), "'timeout'");
        assertBadRequest(http.put("/api/mcp/servers/wrong", "[1]"), "JSON object");
        assertBadRequest(http.put("/api/mcp/servers/wrong", "{not json"), "not valid JSON");
        assertBadRequest(http.put("/api/mcp/servers", "{\"servers\": {}}"), "mcpServers");
        assertBadRequest(http.put("/api/mcp/servers", "{\"mcpServers\": {}}"), "no server");
        assertBadRequest(
                http.put("/api/mcp/servers", "{\"mcpServers\": {\"good\": " + ok + ", \"bad\": {}}}"), "\"bad\"");

        assertThat(server(http, "good").isMissingNode())
                .as("one bad entry changes nothing")
                .isTrue();
        assertThat(server(http, "wrong").isMissingNode()).isTrue();
        assertThat(http.delete("/api/mcp/servers/nobody").status()).isEqualTo(404);
        assertThat(http.delete("/api/mcp/servers/nobody").json().path("code").asText())
                .isEqualTo("not_found");
    }

    private static void assertBadRequest(HttpJson.Response response, String mentioned) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("invalid_input");
        assertThat(response.json().path("error").asText()).contains(mentioned);
        assertThat(response.json().has("hint")).isTrue();
    }

    private static String encoded(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /**
     * Gives the Generator only this tool, scripts the model to call it and then answer, asks in a new thread, and
     * returns the thread's messages once the reply is there.
     */
    private JsonNode turnWithTool(String tool, String arguments, String question) {
        assertThat(http.put("/api/agents/" + GENERATOR + "/tools", "{\"tools\": [\"" + tool + "\"]}")
                        .status())
                .isEqualTo(200);
        long thread = http.post("/api/agents/" + GENERATOR + "/conversations", "{\"title\": \"mcp\"}")
                .json()
                .path("id")
                .asLong();
        app.model().enqueue(FakeReply.toolCall(tool, arguments), FakeReply.text(ANSWER));
        var reply = http.post(
                "/api/agents/" + GENERATOR + "/message",
                JSON.createObjectNode()
                        .put("message", question)
                        .put("conversation_id", thread)
                        .toString());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
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

    private static String lastReply(JsonNode thread) {
        JsonNode last = thread.get(thread.size() - 1);
        assertThat(last.path("role").asText()).isEqualTo("agent");
        return last.path("content").asText();
    }

    private static JsonNode tool(JsonNode tools, String name) {
        return StreamSupport.stream(tools.spliterator(), false)
                .filter(tool -> tool.path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No tool " + name + " in " + tools));
    }
}
