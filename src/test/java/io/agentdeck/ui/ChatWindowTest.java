package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.LongThreads;
import io.agentdeck.config.DataDirectory;
import io.agentdeck.config.SettingsStore;
import io.agentdeck.config.UiSettings;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.ui.viewmodel.ChatBubble;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import io.agentdeck.ui.viewmodel.ThreadsViewModel;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The chat's keyboard shortcuts, long threads, message actions and window memory in the real shell under Monocle. */
class ChatWindowTest {

    private final FxRobot robot = new FxRobot();

    @RegisterExtension
    final DesktopWindow window = new DesktopWindow();

    /** Opens the window and waits for the chat to show the first agent. */
    private ShellViewModel open() throws Exception {
        ShellViewModel shell = window.open();
        assertThat(shell.state()).isEqualTo(ShellViewModel.State.READY);
        DesktopWindow.waitUntil(() -> !shell.chat().agentNameProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        return shell;
    }

    private boolean chatShows(String kind, String text) throws Exception {
        return ChatLookup.shows(robot, kind, text);
    }

    private void send(String text) throws Exception {
        robot.clickOn("#messageInput").write(text).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> chatShows("agent", "Echo: " + text));
    }

    private void shortcut(KeyCode key) {
        robot.press(KeyCode.CONTROL).type(key).release(KeyCode.CONTROL);
    }

    @Test
    void ctrlKJumpsToAnAgentByName() throws Exception {
        ShellViewModel shell = open();
        assertThat(shell.chat().agentNameProperty().get()).isEqualTo("Driver");

        robot.clickOn("#messageInput");
        shortcut(KeyCode.K);
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> robot.lookup("#agentSearch").tryQuery().isPresent());
        robot.clickOn("#agentSearch").write("gener").type(KeyCode.ENTER);

        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> "Generator".equals(shell.chat().agentNameProperty().get()));
        assertThat(robot.lookup("#agentSearch").tryQuery())
                .as("the switcher closed")
                .isEmpty();
        assertThat(shell.selectedAgentProperty().get().id()).isEqualTo(CoreAgents.GENERATOR_ID);
    }

    @Test
    void ctrlFFindsMessagesInTheThread() throws Exception {
        open();
        send("apple pie");
        send("banana bread");

        shortcut(KeyCode.F);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#findBar").query().isVisible()).isTrue();
        robot.write("apple");

        Label status = robot.lookup("#findStatus").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> "2 of 2".equals(status.getText()));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> "1 of 2".equals(status.getText()));
        assertThat(robot.lookup(".bubble-cell:match").tryQuery())
                .as("the current match is highlighted")
                .isPresent();

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#findBar").query().isVisible()).isFalse();
    }

    @Test
    void aTenThousandMessageThreadOpensAtTheEndAndLoadsOlderMessagesWhenScrolledUp() throws Exception {
        window.app().engine().initialize();
        long thread = window.app()
                .engine()
                .createConversation(CoreAgents.DRIVER_ID, "Ten thousand")
                .id();
        LongThreads.fill(window.app().context(), CoreAgents.DRIVER_ID, thread, 10_000);
        ShellViewModel shell = open();

        @SuppressWarnings("unchecked")
        ComboBox<ThreadsViewModel.Item> threadBox = robot.lookup("#threadBox").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> threadBox.getItems().stream()
                        .anyMatch(item -> item.title().equals("Ten thousand")));
        robot.clickOn(threadBox).clickOn("Ten thousand");
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS, TimeUnit.SECONDS, () -> shell.chat().messages().size() >= 200);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shell.chat().messages()).hasSize(200);
        assertThat(chatShows("agent", "Message 10000")).isTrue();

        @SuppressWarnings("unchecked")
        ListView<ChatBubble> list = robot.lookup("#messageList").queryAs(ListView.class);
        VirtualFlow<?> flow = (VirtualFlow<?>) list.lookup(".virtual-flow");
        assertThat(flow.getPosition())
                .as("the thread opens at its newest message")
                .isGreaterThan(0.99);
        robot.interact(() -> flow.scrollTo(0));

        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS, TimeUnit.SECONDS, () -> shell.chat().messages().size() == 400);
        WaitForAsyncUtils.waitForFxEvents();
        IndexedCell<?> first = flow.getFirstVisibleCell();
        assertThat(first.getIndex())
                .as("the message the user looked at stays on screen instead of jumping to the oldest")
                .isBetween(150, 250);
        assertThat(flow.getCellCount()).isEqualTo(400);
        assertThat(list.lookupAll(".bubble-cell").size())
                .as("only the visible rows have cells")
                .isLessThan(60);

        // Find reaches matches far older than what is loaded: Message 123 and 1230 … 1239.
        robot.clickOn("#messageInput");
        shortcut(KeyCode.F);
        robot.write("message 123");
        Label status = robot.lookup("#findStatus").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS, TimeUnit.SECONDS, () -> "11 matches in older messages".equals(status.getText()));
        robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> "11 of 11".equals(status.getText()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chatShows("user", "Message 1239")).isTrue();
        assertThat(robot.lookup(".bubble-cell:match").tryQuery())
                .as("the match is scrolled into view and highlighted")
                .isPresent();
    }

    @Test
    void anErrorBubbleCanBeRetriedAndAMessageCopied() throws Exception {
        open();
        window.app().model().enqueue(FakeReply.badRequest("this model does not exist"));
        robot.clickOn("#messageInput").write("second try").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                // Visible, not only present: the new bubble's cell is laid out a pulse after it is added.
                () -> robot.lookup(".bubble-retry")
                        .match(org.testfx.util.NodeQueryUtils.isVisible())
                        .tryQuery()
                        .isPresent());
        WaitForAsyncUtils.waitForFxEvents();

        robot.clickOn(".bubble-retry");

        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> chatShows("agent", "Echo: second try"));
        assertThat(robot.lookup(".bubble-error").tryQuery()).isEmpty();
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> robot.lookup(".bubble-agent .bubble-action").tryQuery().isPresent());
        Button copy = robot.lookup(".bubble-agent .bubble-action")
                .match((Button button) -> "Copy".equals(button.getText()))
                .queryAs(Button.class);
        robot.clickOn(copy);
        WaitForAsyncUtils.waitForFxEvents();
        String copied = WaitForAsyncUtils.asyncFx(
                        () -> Clipboard.getSystemClipboard().getString())
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(copied).isEqualTo("Echo: second try");
        assertThat(robot.lookup(".bubble-agent .bubble-time")
                        .queryAs(Label.class)
                        .getText())
                .matches("\\d{2}:\\d{2}");
    }

    @Test
    void theWindowOpensWhereItWasClosed() throws Exception {
        open();
        Stage stage = (Stage) robot.listTargetWindows().getFirst();
        robot.interact(() -> {
            stage.setX(40);
            stage.setY(30);
            stage.setWidth(900);
            stage.setHeight(640);
        });

        window.close();

        UiSettings saved = new SettingsStore(
                        DataDirectory.open(window.dataDir()).settingsFile())
                .load()
                .ui();
        assertThat(saved.windowX()).contains(40.0);
        assertThat(saved.windowY()).contains(30.0);
        assertThat(saved.windowWidth()).contains(900.0);
        assertThat(saved.windowHeight()).contains(640.0);
        assertThat(Optional.of(saved.theme())).contains(UiSettings.THEME_LIGHT);
    }
}
