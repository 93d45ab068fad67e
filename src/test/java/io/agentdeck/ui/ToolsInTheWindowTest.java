package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.tool.ToolPolicy;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import io.agentdeck.ui.viewmodel.ToolsViewModel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/** Tool cards in the chat, the approval dialog and the Tools page, in the real window under Monocle. */
class ToolsInTheWindowTest {
    private static final String WRITE = "{\"path\": \"report.md\", \"content\": \"# Weekly report\"}";

    private final FxRobot robot = new FxRobot();

    @RegisterExtension
    final DesktopWindow window = new DesktopWindow();

    private Path report() {
        return window.dataDir().resolve("workspace").resolve("report.md");
    }

    private ShellViewModel openOnGenerator() throws Exception {
        ShellViewModel shell = window.open();
        Node generator = robot.lookup(".agent-name")
                .match((Label label) -> "Generator".equals(label.getText()))
                .query();
        robot.clickOn(generator);
        DesktopWindow.waitUntil(() -> shell.chat().agentNameProperty().get().equals("Generator"));
        return shell;
    }

    private boolean panelShown() {
        return robot.lookup("#approvalPanel").tryQuery().map(Node::isVisible).orElse(false);
    }

    @Test
    void allowingACallOnceRunsItAndTheChatShowsItsCard() throws Exception {
        openOnGenerator();
        window.app().model().enqueue(FakeReply.toolCall("workspace_write", WRITE), FakeReply.text("Report written."));

        robot.clickOn("#messageInput").write("write the weekly report").type(KeyCode.ENTER);

        DesktopWindow.waitUntil(this::panelShown);
        assertThat(robot.lookup("#approvalTitle").queryAs(Label.class).getText())
                .isEqualTo("Generator wants to run workspace_write");
        assertThat(robot.lookup("#approvalArguments").queryAs(TextArea.class).getText())
                .contains("\"path\" : \"report.md\"")
                .contains("\"content\" : \"# Weekly report\"");
        assertThat(report()).as("nothing runs before the person answers").doesNotExist();

        robot.clickOn("#approvalAllowOnce");

        DesktopWindow.waitUntil(() -> ChatLookup.shows(robot, "agent", "Report written."));
        assertThat(panelShown()).isFalse();
        assertThat(report()).hasContent("# Weekly report");
        Label name = robot.lookup(".tool-card-name").queryAs(Label.class);
        assertThat(name.getText()).isEqualTo("workspace_write");
        assertThat(robot.lookup(".tool-card-status").queryAs(Label.class).getText())
                .isEqualTo("ok");
        assertThat(window.app().engine().tools().rules())
                .as("once is not remembered")
                .isEmpty();
    }

    @Test
    void denyingWithAReasonStopsTheCallEvenWhenAnApiClientAsked() throws Exception {
        window.open();
        HttpJson api = window.app().http();
        window.app().model().enqueue(FakeReply.toolCall("workspace_write", WRITE), FakeReply.text("Understood."));
        CompletableFuture<HttpJson.Response> reply = CompletableFuture.supplyAsync(
                () -> api.post("/api/agents/3/message", "{\"message\": \"write the report\"}"));

        DesktopWindow.waitUntil(this::panelShown);
        robot.clickOn("#approvalReason").write("not this week");
        robot.clickOn("#approvalDeny");

        assertThat(reply.get(WAIT_SECONDS, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(report()).doesNotExist();
        assertThat(window.app().model().lastRequest().rawBody()).contains("not this week");
        DesktopWindow.waitUntil(() -> !panelShown());
    }

    @Test
    void anApprovalAnsweredThroughTheApiLeavesTheWindow() throws Exception {
        window.open();
        HttpJson api = window.app().http();
        window.app().model().enqueue(FakeReply.toolCall("workspace_write", WRITE), FakeReply.text("Done."));
        CompletableFuture<HttpJson.Response> reply =
                CompletableFuture.supplyAsync(() -> api.post("/api/agents/3/message", "{\"message\": \"write it\"}"));
        DesktopWindow.waitUntil(this::panelShown);

        long id = api.get("/api/approvals?status=pending")
                .json()
                .get("approvals")
                .get(0)
                .get("id")
                .asLong();
        api.post("/api/approvals/" + id, "{\"decision\": \"approve\"}");

        DesktopWindow.waitUntil(() -> !panelShown());
        assertThat(reply.get(WAIT_SECONDS, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(report()).exists();
    }

    @Test
    void alwaysBecomesARuleTheToolsPageShowsAndRevokes() throws Exception {
        ShellViewModel shell = openOnGenerator();
        window.app().model().enqueue(FakeReply.toolCall("workspace_write", WRITE), FakeReply.text("Saved."));
        robot.clickOn("#messageInput").write("save it").type(KeyCode.ENTER);
        DesktopWindow.waitUntil(this::panelShown);
        robot.clickOn("#approvalAlwaysAgent");
        DesktopWindow.waitUntil(() -> ChatLookup.shows(robot, "agent", "Saved."));

        robot.clickOn("#toolsNav");
        DesktopWindow.waitUntil(() -> shell.pageProperty().get() == ShellViewModel.Page.TOOLS);
        @SuppressWarnings("unchecked")
        TableView<ToolsViewModel.RuleRow> rules = robot.lookup("#ruleTable").queryAs(TableView.class);
        DesktopWindow.waitUntil(() -> rules.getItems().size() == 1);
        assertThat(rules.getItems().getFirst().tool()).isEqualTo("workspace_write");
        assertThat(rules.getItems().getFirst().who()).isEqualTo("Generator");
        assertThat(rules.getItems().getFirst().policy()).isEqualTo("allow");

        ScrolledPage.click(robot, ".tools-page", ".rule-revoke");
        DesktopWindow.waitUntil(() -> rules.getItems().isEmpty());
        assertThat(window.app().engine().tools().rules()).isEmpty();
    }

    @Test
    void theToolsPageChangesPoliciesAndAnAgentsTools() throws Exception {
        ShellViewModel shell = window.open();
        robot.clickOn("#toolsNav");
        @SuppressWarnings("unchecked")
        TableView<ToolsViewModel.ToolRow> tools = robot.lookup("#toolTable").queryAs(TableView.class);
        DesktopWindow.waitUntil(() -> tools.getItems().size() >= 6);
        ToolsViewModel.ToolRow read = tools.getItems().stream()
                .filter(row -> row.name().equals("workspace_read"))
                .findFirst()
                .orElseThrow();
        assertThat(read.effect()).isEqualTo("reads only");
        assertThat(read.source()).isEqualTo("built-in");

        @SuppressWarnings("unchecked")
        ChoiceBox<ToolPolicy> policy = robot.lookup("#policy-workspace_read").queryAs(ChoiceBox.class);
        robot.interact(() -> policy.setValue(ToolPolicy.DENY));
        DesktopWindow.waitUntil(() -> window.app().engine().tools().tools().stream()
                .anyMatch(tool -> tool.info().name().equals("workspace_read") && tool.policy() == ToolPolicy.DENY));

        @SuppressWarnings("unchecked")
        ComboBox<io.agentdeck.engine.agent.Agent> agent =
                robot.lookup("#agentChoice").queryAs(ComboBox.class);
        robot.interact(() -> agent.setValue(agent.getItems().stream()
                .filter(candidate -> candidate.name().equals("Creator"))
                .findFirst()
                .orElseThrow()));
        @SuppressWarnings("unchecked")
        ListView<ToolsViewModel.AgentToolChoice> list =
                robot.lookup("#agentToolList").queryAs(ListView.class);
        assertThat(list.getItems())
                .allSatisfy(choice -> assertThat(choice.chosenProperty().get()).isFalse());
        robot.interact(() -> list.getItems().stream()
                .filter(choice -> choice.name().equals("current_time"))
                .findFirst()
                .orElseThrow()
                .chosenProperty()
                .set(true));
        ScrolledPage.click(robot, ".tools-page", "#saveAgentToolsButton");

        DesktopWindow.waitUntil(() ->
                !robot.lookup("#agentToolsSaved").queryAs(Label.class).getText().isEmpty());
        assertThat(robot.lookup("#agentToolsSaved").queryAs(Label.class).getText())
                .isEqualTo("Creator now has 1 tool.");
        assertThat(window.app().engine().agent(2).tools()).containsExactly("current_time");
        assertThat(shell.pageProperty().get()).isEqualTo(ShellViewModel.Page.TOOLS);
        assertThat(robot.lookup("#saveAgentToolsButton").queryAs(Button.class).isDisabled())
                .isFalse();
    }
}
