package io.agentdeck.engine.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.tool.ToolPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading an {@code mcpServers} entry, and what AgentDeck makes of an MCP tool's name and hints. */
class McpServerConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final McpSettings SETTINGS = McpSettings.defaults("test");
    private static final Executor NOWHERE = task -> {};

    @Test
    void aCommandIsStdioAndAUrlIsHttpWithoutAType() throws Exception {
        McpServerConfig files = McpServerConfig.parse(
                "files",
                json("{\"command\": \"npx\", \"args\": [\"-y\", \"pkg\"], \"env\": {\"TOKEN\": \"t\"}, \"extra\": 1}"));
        assertThat(files.transport()).isEqualTo(McpTransportKind.STDIO);
        assertThat(files.commandLine()).containsExactly("npx", "-y", "pkg");
        assertThat(files.env()).containsExactly(Map.entry("TOKEN", "t"));
        assertThat(files.entry().path("extra").asInt())
                .as("unknown fields are kept")
                .isEqualTo(1);
        assertThat(files.timeout()).isEmpty();

        McpServerConfig remote = McpServerConfig.parse(
                "remote", json("{\"url\": \"https://example.org/mcp\", \"headers\": {\"Authorization\": \"x\"}}"));
        assertThat(remote.transport()).isEqualTo(McpTransportKind.HTTP);
        assertThat(remote.headers()).containsOnlyKeys("Authorization");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "streamableHttp", "streamable-http", "HTTP"})
    void theHttpTypesOfOtherAppsAreAccepted(String type) throws Exception {
        assertThat(McpServerConfig.parse("r", json("{\"type\": \"" + type + "\", \"url\": \"http://h/mcp\"}"))
                        .transport())
                .isEqualTo(McpTransportKind.HTTP);
    }

    @Test
    void disabledAndTimeoutAreRead() throws Exception {
        McpServerConfig off = McpServerConfig.parse(
                "off", json("{\"type\": \"stdio\", \"command\": \"x\", \"disabled\": true, \"timeout\": 90}"));
        assertThat(off.disabled()).isTrue();
        assertThat(off.timeout()).contains(Duration.ofSeconds(90));
    }

    @Test
    void problemsNameTheServerAndTheFieldButNeverAValue() throws Exception {
        assertThatThrownBy(() -> McpServerConfig.parse(
                        "s", json("{\"command\": \"x\", \"env\": {\"SECRET\": {\"nested\": \"value-1\"}}}")))
                .isInstanceOf(EngineException.class)
                .hasMessage("The MCP server \"s\" 'env.SECRET' must be a string.")
                .hasMessageNotContaining("value-1");
        assertThatThrownBy(() -> McpServerConfig.parse("s", json("{\"command\": \"x\", \"url\": \"http://h\"}")))
                .hasMessageContaining("both");
        assertThatThrownBy(() -> McpServerConfig.parse("s", json("{\"type\": \"ws\", \"url\": \"http://h\"}")))
                .hasMessageContaining("'type'");
        assertThatThrownBy(() -> McpServerConfig.parse("s", json("{\"command\": \"x\", \"timeout\": 601}")))
                .hasMessageContaining("'timeout'");
        assertThatThrownBy(() -> McpServerConfig.parse("s", json("\"npx\""))).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> McpServerConfig.requireValidName("a/b")).hasMessageContaining("1 to 64");
    }

    @Test
    void aWholeBlockSentAsOneEntryIsPointedToTheRightRoute() {
        assertThatThrownBy(() -> McpServerConfig.parse("s", json("{\"mcpServers\": {\"a\": {}}}")))
                .hasMessageContaining("PUT /api/mcp/servers");
    }

    @Test
    void onWindowsACommandWithoutAnExtensionRunsThroughTheCommandInterpreter() {
        assertThat(McpConnection.launchCommand(List.of("npx", "-y", "pkg"), "Windows 11"))
                .containsExactly("cmd", "/c", "npx", "-y", "pkg");
        assertThat(McpConnection.launchCommand(List.of("C:\\Program Files\\nodejs\\node.exe", "a.js"), "Windows 11"))
                .containsExactly("C:\\Program Files\\nodejs\\node.exe", "a.js");
        assertThat(McpConnection.launchCommand(List.of("npx", "-y", "pkg"), "Linux"))
                .containsExactly("npx", "-y", "pkg");
    }

    @Test
    void toolsAreNamedAfterTheirServerWithinWhatAModelAccepts() {
        assertThat(McpTool.nameFor("files", "read_file")).isEqualTo("files__read_file");
        assertThat(McpTool.nameFor("everything", "get-sum")).isEqualTo("everything__get-sum");
        assertThat(McpTool.nameFor("web", "fetch.page/v2")).isEqualTo("web__fetch_page_v2");
        String longName = McpTool.nameFor("a-rather-long-server-name", "a_tool_name_that_goes_on_and_on_for_ever");
        assertThat(longName).hasSize(64).startsWith("a-rather-long-server-name__a_tool");
        assertThat(longName)
                .isNotEqualTo(
                        McpTool.nameFor("a-rather-long-server-name", "a_tool_name_that_goes_on_and_on_for_evermore"));
    }

    @Test
    void hintsFollowMcpDefaultsAndDecideThePolicy() throws Exception {
        McpServer server = new McpServer(McpServerConfig.parse("s", json("{\"command\": \"x\"}")), SETTINGS, NOWHERE);

        McpTool reader = McpTool.of(server, spec("read", Map.of("readOnlyHint", true)));
        McpTool unknown = McpTool.of(server, spec("do", Map.of()));
        McpTool gentle = McpTool.of(server, spec("add", Map.of("readOnlyHint", false, "destructiveHint", false)));

        assertThat(reader.info().readOnly()).isTrue();
        assertThat(reader.info().destructive()).isFalse();
        assertThat(ToolPolicy.defaultFor(reader.info())).isEqualTo(ToolPolicy.ALLOW);
        assertThat(unknown.info().readOnly()).isFalse();
        assertThat(unknown.info().destructive()).isTrue();
        assertThat(ToolPolicy.defaultFor(unknown.info())).isEqualTo(ToolPolicy.ASK);
        assertThat(gentle.info().destructive()).isFalse();
        assertThat(reader.info().server()).isEqualTo(Optional.of("s"));
        assertThat(reader.info().name()).isEqualTo("s__read");
        assertThat(reader.remoteName()).isEqualTo("read");
        assertThat(reader.info().specification().parameters())
                .as("an empty schema, never none")
                .isNotNull();
        assertThat(reader.timeout()).contains(SETTINGS.callTimeout());
    }

    @Test
    void aServerThatIsNotConnectedSaysSoToTheModel() throws Exception {
        McpServer server = new McpServer(McpServerConfig.parse("s", json("{\"command\": \"x\"}")), SETTINGS, NOWHERE);
        server.start();

        assertThat(server.info().status()).isEqualTo(McpServerStatus.STARTING);
        assertThatThrownBy(() -> server.call("read", "{}"))
                .isInstanceOf(EngineException.class)
                .hasMessage("The MCP server \"s\" is still starting; try again soon.");
        server.stop();
        assertThatThrownBy(() -> server.call("read", "{}")).hasMessage("The MCP server \"s\" was stopped or removed.");
    }

    private static ToolSpecification spec(String name, Map<String, Object> metadata) {
        return ToolSpecification.builder().name(name).metadata(metadata).build();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
