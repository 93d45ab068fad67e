package io.agentdeck.engine.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.knowledge.Passage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in tools on a real folder: what they do inside the workspace, and that nothing outside it is reachable. */
class WorkspaceTest {
    @TempDir
    Path dataDir;

    private Path root;
    private Path secret;
    private Map<String, Tool> tools;

    @BeforeEach
    void createTools() throws IOException {
        root = dataDir.resolve("workspace");
        secret = Files.writeString(dataDir.resolve("secret.txt"), "the password is swordfish");
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T15:00:00Z"), ZoneOffset.UTC);
        List<Tool> all = BuiltinTools.create(
                new Workspace(root),
                (agentId, query) -> agentId == 3 && query.contains("refund")
                        ? List.of(new Passage(
                                5,
                                2,
                                "policy.md",
                                "Refunds take 14 days.",
                                Optional.empty(),
                                Optional.of("Refunds"),
                                0,
                                0.9))
                        : List.of(),
                clock);
        tools = all.stream().collect(Collectors.toMap(tool -> tool.info().name(), Function.identity()));
    }

    private String call(String tool, String arguments) {
        return tools.get(tool).run(ToolArguments.parse(arguments).from(3));
    }

    @Test
    void theBuiltInToolsAreListedWithTheirHints() {
        assertThat(tools.keySet())
                .containsExactlyInAnyOrder(
                        "knowledge_search",
                        "workspace_list",
                        "workspace_read",
                        "workspace_write",
                        "workspace_search",
                        "current_time");
        assertThat(tools.get("workspace_read").info().readOnly()).isTrue();
        assertThat(tools.get("workspace_write").info().readOnly()).isFalse();
        assertThat(tools.get("workspace_write").info().destructive()).isTrue();
        assertThat(ToolPolicy.defaultFor(tools.get("workspace_write").info())).isEqualTo(ToolPolicy.ASK);
        assertThat(ToolPolicy.defaultFor(tools.get("workspace_list").info())).isEqualTo(ToolPolicy.ALLOW);
    }

    @Test
    void filesAreWrittenListedReadAndSearchedInsideTheWorkspace() {
        assertThat(call("workspace_list", "{}")).isEqualTo("The folder \".\" is empty.");
        assertThat(call("workspace_write", "{\"path\": \"notes/todo.md\", \"content\": \"- buy milk\\n- Call Ann\"}"))
                .isEqualTo("Wrote 21 bytes to notes/todo.md.");
        assertThat(root.resolve("notes/todo.md")).hasContent("- buy milk\n- Call Ann");
        assertThat(call("workspace_list", "{\"path\": \".\"}")).isEqualTo("notes/");
        assertThat(call("workspace_list", "{\"path\": \"notes\"}")).isEqualTo("todo.md (21 bytes)");
        assertThat(call("workspace_read", "{\"path\": \"notes/todo.md\"}")).isEqualTo("- buy milk\n- Call Ann");
        assertThat(call("workspace_search", "{\"query\": \"call ann\"}")).isEqualTo("notes/todo.md:2: - Call Ann");
        assertThat(call("workspace_search", "{\"query\": \"nothing like this\"}"))
                .isEqualTo("No line contains \"nothing like this\".");
    }

    @Test
    void aLongFileIsReadInPartAndTheModelIsToldSo() throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("big.txt"), "x".repeat(BuiltinTools.MAX_READ_BYTES + 10));
        String read = call("workspace_read", "{\"path\": \"big.txt\"}");
        assertThat(read)
                .startsWith("xxx")
                .endsWith("only its first " + BuiltinTools.MAX_READ_BYTES + " bytes are shown]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.txt", "notes/../../secret.txt", "/etc/passwd", "~/secret.txt", "C:\\\\Windows"})
    void pathsThatLeaveTheWorkspaceAreRefused(String path) {
        assertThatThrownBy(() -> call("workspace_read", "{\"path\": \"" + path + "\"}"))
                .isInstanceOf(EngineException.class)
                .hasMessageNotContaining("swordfish");
        assertThatThrownBy(() -> call("workspace_write", "{\"path\": \"" + path + "\", \"content\": \"pwned\"}"))
                .isInstanceOf(EngineException.class);
        assertThat(secret).hasContent("the password is swordfish");
    }

    @Test
    void aSymbolicLinkOutOfTheWorkspaceIsNotFollowed() throws IOException {
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("escape.txt"), secret);
        Files.createSymbolicLink(root.resolve("outside"), dataDir);

        assertThatThrownBy(() -> call("workspace_read", "{\"path\": \"escape.txt\"}"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> call("workspace_list", "{\"path\": \"outside\"}"))
                .hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> call("workspace_write", "{\"path\": \"outside/secret.txt\", \"content\": \"pwned\"}"))
                .hasMessageContaining("outside the workspace");
        assertThat(secret).hasContent("the password is swordfish");
    }

    @Test
    void deviceFilesAndPipesAreNotReadEvenInside() throws Exception {
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("zero"), Path.of("/dev/zero"));
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        assertThatThrownBy(() -> call("workspace_read", "{\"path\": \"zero\"}"))
                .hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> call("workspace_read", "{\"path\": \"pipe\"}"))
                .hasMessageContaining("not a regular file or folder");
    }

    @Test
    void badArgumentsAreExplainedToTheModel() {
        assertThatThrownBy(() -> call("workspace_read", "{}")).hasMessage("'path' is required.");
        assertThatThrownBy(() -> call("workspace_read", "{\"path\": 7}")).hasMessage("'path' must be a string.");
        assertThatThrownBy(() -> call("workspace_read", "not json"))
                .hasMessageStartingWith("The arguments are not valid JSON");
        assertThatThrownBy(() -> call("workspace_read", "[1]")).hasMessage("The arguments must be a JSON object.");
        assertThatThrownBy(() -> call("workspace_read", "{\"path\": \"missing.txt\"}"))
                .hasMessage("There is no \"missing.txt\" in the workspace.");
    }

    @Test
    void knowledgeAndTimeAnswerFromTheirSources() {
        assertThat(call("knowledge_search", "{\"query\": \"refund time\"}"))
                .endsWith("\n\n[1] (policy.md, under 'Refunds')\nRefunds take 14 days.")
                .startsWith("Mark each fact you take from a passage with its number");
        assertThat(call("knowledge_search", "{\"query\": \"weather\"}"))
                .isEqualTo("No passage in the knowledge base matches that query.");
        assertThat(call("current_time", "{}"))
                .startsWith("UTC: 2026-12-03T15:00:00Z\nLocal: Thursday, 3 December 2026");
    }
}
