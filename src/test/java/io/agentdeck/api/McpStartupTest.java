package io.agentdeck.api;

import static io.agentdeck.testing.McpFixtures.awaitStatus;
import static io.agentdeck.testing.McpFixtures.json;
import static io.agentdeck.testing.McpFixtures.server;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeck.testing.McpFixtures;
import io.agentdeck.testing.NodeProject;
import io.agentdeck.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The servers of an existing {@code mcp.json} start in the background with AgentDeck: a stuck or broken one holds up
 * neither the start nor the others, the same servers come back after a restart, and closing AgentDeck leaves no
 * program of theirs running.
 */
class McpStartupTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    private static Path scripts;

    private static Path script;

    @BeforeAll
    static void install() {
        NodeProject.installOnce();
        script = McpFixtures.writeScriptedServer(scripts);
    }

    @Test
    void serversOfMcpJsonStartInTheBackgroundAndComeBackAfterARestart(@TempDir Path dataDir) throws Exception {
        ObjectNode file = JSON.createObjectNode().put("comment", "kept by AgentDeck");
        ObjectNode servers = file.putObject("mcpServers");
        servers.set("good", McpFixtures.scripted(script, "ok"));
        servers.set("stuck", McpFixtures.scripted(script, "hang"));
        servers.set("missing", McpFixtures.stdio("/nonexistent/agentdeck-mcp-server"));
        servers.set("off", McpFixtures.scripted(script, "ok").put("disabled", true));
        servers.set("broken", JSON.createObjectNode().put("type", "stdio").put("note", "no command"));
        Files.writeString(dataDir.resolve("mcp.json"), file.toPrettyString());

        try (TestApp app = TestApp.withFakeModel(dataDir)) {
            var http = app.http();
            assertThat(server(http, "stuck").path("status").asText())
                    .as("the start did not wait for a server that never answers")
                    .isEqualTo("starting");
            assertThat(awaitStatus(http, "good", "connected").path("tools").asInt())
                    .isEqualTo(1);
            awaitStatus(http, "missing", "failed");
            assertThat(server(http, "off").path("status").asText()).isEqualTo("disabled");
            JsonNode broken = server(http, "broken");
            assertThat(broken.path("status").asText()).isEqualTo("failed");
            assertThat(broken.path("error").asText()).isEqualTo("mcp.json: The MCP server \"broken\" needs 'command'.");
            assertThat(http.postEmpty("/api/mcp/servers/broken/restart").status())
                    .isEqualTo(409);
            assertThat(server(http, "stuck").path("status").asText()).isEqualTo("starting");
        }
        McpFixtures.assertNoProcessLeft(script.toString());

        try (TestApp app = TestApp.withFakeModel(dataDir)) {
            var http = app.http();
            awaitStatus(http, "good", "connected");
            assertThat(http.put("/api/mcp/servers/added", json(McpFixtures.scripted(script, "ok")))
                            .status())
                    .isEqualTo(200);
            awaitStatus(http, "added", "connected");
            JsonNode saved = JSON.readTree(Files.readString(dataDir.resolve("mcp.json")));
            assertThat(saved.path("comment").asText()).isEqualTo("kept by AgentDeck");
            assertThat(saved.at("/mcpServers/broken")).isEqualTo(servers.get("broken"));
            assertThat(saved.path("mcpServers").fieldNames())
                    .toIterable()
                    .containsExactly("good", "stuck", "missing", "off", "broken", "added");
        }
        McpFixtures.assertNoProcessLeft(script.toString());
    }

    @Test
    void anMcpJsonThatIsNotJsonStartsNothingAndIsNotOverwritten(@TempDir Path dataDir) throws Exception {
        Files.writeString(dataDir.resolve("mcp.json"), "{\"mcpServers\": {\"half\": ");

        try (TestApp app = TestApp.withFakeModel(dataDir)) {
            var http = app.http();
            assertThat(http.get("/api/mcp/servers").json().path("servers").isEmpty())
                    .isTrue();
            var put = http.put("/api/mcp/servers/new", json(McpFixtures.scripted(script, "ok")));
            assertThat(put.status()).isEqualTo(409);
            assertThat(put.json().path("code").asText()).isEqualTo("conflict");
            assertThat(put.json().path("error").asText()).contains("mcp.json", "not valid JSON");
        }
        assertThat(Files.readString(dataDir.resolve("mcp.json"))).isEqualTo("{\"mcpServers\": {\"half\": ");
    }
}
