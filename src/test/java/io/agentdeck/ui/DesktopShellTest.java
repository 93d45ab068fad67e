package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.ui.view.AgentCell;
import io.agentdeck.ui.viewmodel.AgentItemViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import io.agentdeck.ui.viewmodel.ThreadsViewModel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The real desktop shell under Monocle, on the real engine, against the fake model server. */
class DesktopShellTest {

    private final FxRobot robot = new FxRobot();

    @RegisterExtension
    final DesktopWindow window = new DesktopWindow();

    private Optional<AgentCell> cellOf(String agentName) {
        return robot.lookup(".agent-cell").queryAllAs(AgentCell.class).stream()
                .filter(cell ->
                        cell.agent() != null && agentName.equals(cell.agent().name()))
                .findFirst();
    }

    private boolean chatShows(String kind, String text) throws Exception {
        return ChatLookup.shows(robot, kind, text);
    }

    @Test
    void chattingWithTheDriverStreamsTheAnswerIntoTheChat() throws Exception {
        ShellViewModel shell = window.open();
        assertThat(shell.state()).isEqualTo(ShellViewModel.State.READY);
        Window window = robot.listTargetWindows().getFirst();
        assertThat(((Stage) window).getTitle()).isEqualTo("AgentDeck");
        assertThat(((Stage) window).getIcons()).isNotEmpty();

        AgentItemViewModel driver = shell.agents().getFirst();
        List<AgentStatus> seen = new CopyOnWriteArrayList<>();
        robot.interact(() -> driver.statusProperty().addListener((o, before, now) -> seen.add(now)));

        Node driverName = robot.lookup(".agent-name")
                .match((Label label) -> "Driver".equals(label.getText()))
                .query();
        robot.clickOn(driverName);
        robot.clickOn("#messageInput").write("hello");
        robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        robot.write("desktop");
        assertThat(robot.lookup("#messageInput").queryAs(TextArea.class).getText())
                .as("Shift+Enter inserts a new line instead of sending")
                .isEqualTo("hello\ndesktop");
        robot.type(KeyCode.ENTER);

        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> chatShows("agent", "Echo: hello\ndesktop"));
        assertThat(chatShows("user", "hello\ndesktop")).isTrue();
        assertThat(robot.lookup("#messageInput").queryAs(TextArea.class).getText())
                .isEmpty();
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> cellOf("Driver").map(AgentCell::statusText).orElse("").equals("idle"));
        assertThat(seen)
                .as("the sidebar showed the Driver busy while it answered")
                .contains(AgentStatus.BUSY);
        assertThat(seen.getLast()).isEqualTo(AgentStatus.IDLE);
    }

    private void sendInChat(String text) throws Exception {
        robot.clickOn("#messageInput").write(text).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> chatShows("agent", "Echo: " + text));
    }

    @Test
    void aNewThreadKeepsItsMessagesApartFromTheDefaultThread() throws Exception {
        window.open();
        @SuppressWarnings("unchecked")
        ComboBox<ThreadsViewModel.Item> threadBox = robot.lookup("#threadBox").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> threadBox.getValue() != null);
        ThreadsViewModel.Item defaultThread = threadBox.getValue();
        assertThat(defaultThread.isDefault()).isTrue();
        assertThat(robot.lookup("#deleteThreadButton").query().isDisabled())
                .as("the default thread cannot be deleted")
                .isTrue();
        sendInChat("for the default thread");

        robot.clickOn("#messageInput").press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> threadBox.getValue() != null && !threadBox.getValue().isDefault());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chatShows("user", "for the default thread")).isFalse();
        assertThat(robot.lookup("#deleteThreadButton").query().isDisabled()).isFalse();
        sendInChat("only in the new thread");

        robot.clickOn(threadBox).clickOn(defaultThread.title());
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> chatShows("user", "for the default thread"));
        assertThat(threadBox.getValue()).isEqualTo(defaultThread);
        assertThat(chatShows("user", "only in the new thread")).isFalse();
    }

    @Test
    void withoutAModelTheFirstRunPanelExplainsTheOptions() throws Exception {
        ShellViewModel shell = window.open(ModelSettings.none());

        assertThat(shell.state()).isEqualTo(ShellViewModel.State.NEEDS_MODEL);
        Label welcome = robot.lookup((Label label) -> "Welcome to AgentDeck".equals(label.getText()))
                .query();
        assertThat(welcome.isVisible()).isTrue();
        assertThat(robot.lookup((Label label) -> "OPENAI_BASE_URL=http://localhost:11434/v1".equals(label.getText()))
                        .tryQuery())
                .isPresent();
        assertThat(robot.lookup(".chat").query().isVisible())
                .as("the chat is hidden until a model is configured")
                .isFalse();
    }
}
