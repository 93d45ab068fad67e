package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.ui.view.AgentCell;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Side;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The new-agent dialog in the real desktop shell under Monocle, on the real engine against the fake model. */
class NewAgentDialogTest {

    private final FxRobot robot = new FxRobot();

    @RegisterExtension
    final DesktopWindow window = new DesktopWindow();

    private boolean sidebarShows(String agentName) {
        return robot.lookup(".agent-cell").queryAllAs(AgentCell.class).stream()
                .anyMatch(cell ->
                        cell.agent() != null && agentName.equals(cell.agent().name()));
    }

    private boolean labelShows(String id, String text) {
        return robot.lookup(id)
                .tryQueryAs(Label.class)
                .filter(label -> label.isVisible() && text.equals(label.getText()))
                .isPresent();
    }

    @Test
    void designingAndCreatingAnAgentAddsItToTheSidebarAndOpensIt() throws Exception {
        window.app()
                .model()
                .enqueue(FakeReply.jsonOf(Map.of(
                        "name", "Reviewer",
                        "role", "Reviews code for security problems",
                        "system_prompt", "You are Reviewer. You review code changes for security problems.",
                        "capabilities", List.of("code review"))));
        ShellViewModel shell = window.open();
        assertThat(shell.state()).isEqualTo(ShellViewModel.State.READY);

        robot.clickOn("#newAgentButton");
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> robot.lookup("#roleField").tryQuery().isPresent());
        robot.clickOn("#roleField").write("security reviewer");
        robot.clickOn("#designButton");

        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> labelShows("#previewName", "Reviewer"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#previewPrompt").queryAs(TextArea.class).getText())
                .startsWith("You are Reviewer.");
        assertThat(robot.lookup("#previewPrompt").queryAs(TextArea.class).isEditable())
                .isFalse();
        assertThat(window.app().engine().agents())
                .as("nothing is stored before Create")
                .hasSize(3);

        robot.clickOn("#createButton");

        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> sidebarShows("Reviewer"));
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> shell.selectedAgentProperty().get() != null
                        && "Reviewer".equals(shell.selectedAgentProperty().get().name()));
        assertThat(robot.lookup("#roleField").tryQuery())
                .as("the dialog closed")
                .isEmpty();
        assertThat(window.app().engine().agents()).extracting(Agent::name).contains("Reviewer");

        AgentCell reviewer = robot.lookup(".agent-cell").queryAllAs(AgentCell.class).stream()
                .filter(cell ->
                        cell.agent() != null && "Reviewer".equals(cell.agent().name()))
                .findFirst()
                .orElseThrow();
        // Monocle's robot sends no context-menu request on a right click; show the cell's menu as the click would.
        robot.interact(() -> reviewer.getContextMenu().show(reviewer, Side.RIGHT, 0, 0));
        robot.clickOn("Delete agent…");
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> robot.lookup("Delete agent Reviewer?").tryQuery().isPresent());
        robot.clickOn("OK");

        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> !sidebarShows("Reviewer"));
        assertThat(window.app().engine().agents()).extracting(Agent::name).doesNotContain("Reviewer");
    }
}
