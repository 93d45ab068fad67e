package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.mcp.McpServerInfo;
import io.agentdeck.engine.mcp.McpServerStatus;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.NodeProject;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import io.agentdeck.ui.viewmodel.ToolsViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A new user's way to MCP, in the real window: paste an {@code mcpServers} block as another app's docs print it, give
 * an agent one of the server's tools, and ask; then turn the server off and remove it.
 */
class McpServersPageTest {
    private final FxRobot robot = new FxRobot();

    @RegisterExtension
    final DesktopWindow window = new DesktopWindow();

    @TempDir
    Path notes;

    @BeforeAll
    static void install() {
        NodeProject.installOnce();
    }

    @SuppressWarnings("unchecked")
    private TableView<McpServerInfo> servers() {
        return robot.lookup("#serverTable").queryAs(TableView.class);
    }

    private McpServerInfo server(String name) {
        return servers().getItems().stream()
                .filter(server -> server.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    @Test
    void aPastedBlockConnectsAndAnAgentUsesItsToolThenItIsTurnedOffAndRemoved() throws Exception {
        Files.writeString(notes.resolve("groceries.md"), "- milk\n- bread\n");
        ShellViewModel shell = window.open();
        robot.clickOn("#toolsNav");
        DesktopWindow.waitUntil(() -> shell.pageProperty().get() == ShellViewModel.Page.TOOLS);

        // As a guide prints it: the entries only, without the outer braces.
        String pasted = """
                "files": {
                  "command": "node",
                  "args": ["%s", "%s"],
                  "env": {"NOTES_TOKEN": "never-shown"}
                }
                """.formatted(NodeProject.filesystemServer().toAbsolutePath(), notes);
        robot.interact(() -> robot.lookup("#mcpPaste").queryAs(TextArea.class).setText(pasted));
        ScrolledPage.click(robot, ".tools-page", "#addServersButton");

        DesktopWindow.waitUntil(() -> server("files") != null && server("files").status() == McpServerStatus.CONNECTED);
        assertThat(ToolsViewModel.statusText(server("files")))
                .startsWith("connected · ")
                .endsWith(" tools");
        assertThat(robot.lookup("#mcpPaste").queryAs(TextArea.class).getText()).isEmpty();
        assertThat(Files.readString(window.dataDir().resolve("mcp.json"))).contains("never-shown");
        assertThat(robot.lookup(".table-row-cell").queryAll().stream().map(Node::toString))
                .noneMatch(text -> text.contains("never-shown"));
        @SuppressWarnings("unchecked")
        TableView<ToolsViewModel.ToolRow> tools = robot.lookup("#toolTable").queryAs(TableView.class);
        DesktopWindow.waitUntil(
                () -> tools.getItems().stream().anyMatch(row -> row.name().equals("files__list_directory")));
        ToolsViewModel.ToolRow listing = tools.getItems().stream()
                .filter(row -> row.name().equals("files__list_directory"))
                .findFirst()
                .orElseThrow();
        assertThat(listing.source()).isEqualTo("files");
        assertThat(listing.effect()).isEqualTo("reads only");

        // Edit: the entry comes back with its secret hidden; saving a change keeps the secret.
        ScrolledPage.click(robot, ".tools-page", ".server-edit");
        TextArea box = robot.lookup("#mcpPaste").queryAs(TextArea.class);
        DesktopWindow.waitUntil(() -> box.getText().contains("\"files\""));
        assertThat(box.getText()).contains("\"NOTES_TOKEN\" : \"<saved>\"").doesNotContain("never-shown");
        robot.interact(() -> box.setText(box.getText().replace("\"env\"", "\"timeout\" : 30,\n      \"env\"")));
        ScrolledPage.click(robot, ".tools-page", "#addServersButton");
        DesktopWindow.waitUntil(() -> box.getText().isEmpty());
        DesktopWindow.waitUntil(() -> server("files") != null && server("files").status() == McpServerStatus.CONNECTED);
        String saved = Files.readString(window.dataDir().resolve("mcp.json"));
        assertThat(saved).contains("never-shown").contains("\"timeout\": 30").doesNotContain("<saved>");

        // Give the Generator the tool, then ask it.
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<io.agentdeck.engine.agent.Agent> agent =
                robot.lookup("#agentChoice").queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> agent.setValue(agent.getItems().stream()
                .filter(candidate -> candidate.name().equals("Generator"))
                .findFirst()
                .orElseThrow()));
        @SuppressWarnings("unchecked")
        ListView<ToolsViewModel.AgentToolChoice> choices =
                robot.lookup("#agentToolList").queryAs(ListView.class);
        // The edited server restarts: its tools are offered again once it is connected.
        DesktopWindow.waitUntil(() -> window.app().engine().mcp().list().stream()
                .allMatch(server -> server.status() == McpServerStatus.CONNECTED));
        DesktopWindow.waitUntil(() -> server("files").status() == McpServerStatus.CONNECTED
                && choices.getItems().stream().anyMatch(choice -> choice.name().equals("files__list_directory")));
        robot.interact(() -> choices.getItems().stream()
                .filter(choice -> choice.name().equals("files__list_directory"))
                .findFirst()
                .orElseThrow()
                .chosenProperty()
                .set(true));
        ScrolledPage.click(robot, ".tools-page", "#saveAgentToolsButton");
        DesktopWindow.waitUntil(() -> window.app().engine().agent(3).tools().contains("files__list_directory"));

        window.app()
                .model()
                .enqueue(
                        FakeReply.toolCall("files__list_directory", "{\"path\": \"" + notes + "\"}"),
                        FakeReply.text("You have a groceries list."));
        Node generator = robot.lookup(".agent-name")
                .match((Label label) -> "Generator".equals(label.getText()))
                .query();
        robot.clickOn(generator);
        robot.clickOn("#messageInput").write("what notes do I have?").type(KeyCode.ENTER);
        DesktopWindow.waitUntil(() -> ChatLookup.shows(robot, "agent", "You have a groceries list."));
        assertThat(robot.lookup(".tool-card-name").queryAs(Label.class).getText())
                .isEqualTo("files__list_directory");
        // The result sits in a folded pane whose content joins the scene graph when the pane is first skinned,
        // which can be a pulse after the card's header appears.
        DesktopWindow.waitUntil(
                () -> robot.lookup(".tool-card-result").tryQuery().isPresent());
        assertThat(robot.lookup(".tool-card-result").queryAs(Label.class).getText())
                .contains("groceries.md");

        // Off, then removed after confirming.
        robot.clickOn("#toolsNav");
        DesktopWindow.waitUntil(() -> server("files") != null);
        ScrolledPage.click(robot, ".tools-page", ".server-toggle");
        DesktopWindow.waitUntil(() -> server("files").status() == McpServerStatus.DISABLED);
        assertThat(window.app().engine().tools().tools())
                .noneMatch(tool -> tool.info().name().startsWith("files__"));
        ScrolledPage.click(robot, ".tools-page", ".server-remove");
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> robot.lookup("Remove \"files\"?").tryQuery().isPresent());
        robot.clickOn("OK");
        DesktopWindow.waitUntil(() -> servers().getItems().isEmpty());
        assertThat(Files.readString(window.dataDir().resolve("mcp.json"))).doesNotContain("\"files\"");
    }

    @Test
    void somethingThatIsNotJsonIsExplainedAndKept() throws Exception {
        window.open();
        robot.clickOn("#toolsNav");
        robot.interact(() -> robot.lookup("#mcpPaste").queryAs(TextArea.class).setText("{\"mcpServers\": {"));
        ScrolledPage.click(robot, ".tools-page", "#addServersButton");

        Label error = robot.lookup("#serversError").queryAs(Label.class);
        DesktopWindow.waitUntil(() -> error.isVisible());
        assertThat(error.getText()).startsWith("That is not valid JSON");
        assertThat(robot.lookup("#mcpPaste").queryAs(TextArea.class).getText()).isEqualTo("{\"mcpServers\": {");

        robot.interact(
                () -> robot.lookup("#mcpPaste").queryAs(TextArea.class).setText("{\"mcpServers\": {\"x\": {}}}"));
        ScrolledPage.click(robot, ".tools-page", "#addServersButton");
        DesktopWindow.waitUntil(() -> error.getText().contains("\"x\""));
        assertThat(servers().getItems()).isEmpty();
    }
}
