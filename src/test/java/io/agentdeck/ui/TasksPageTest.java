package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Notification;
import atlantafx.base.theme.PrimerLight;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.view.TaskNotifier;
import io.agentdeck.ui.view.ViewFactory;
import io.agentdeck.ui.viewmodel.TasksViewModel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The Tasks page and the finish notifications under Monocle, on the real engine against the fake model. */
// A long model timeout: a hanging reply must stay running until the test cancels it.
@AppTest(modelTimeoutSeconds = 30)
class TasksPageTest {
    @FromApp
    private TestApp app;

    @FromApp
    private FakeOpenAiServer fake;

    @RegisterExtension
    final PageStage page = new PageStage();

    private final FxRobot robot = new FxRobot();
    private final AtomicInteger opened = new AtomicInteger();
    private TasksViewModel tasks;
    private TaskNotifier notifier;

    /** Shows the Tasks page as the app would, with the notifier on top of it. */
    private void showPage(javafx.util.Duration showNoticesFor) throws Exception {
        page.show(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            tasks = new TasksViewModel(app.engine(), page.bridgeTo(app.engine()), page.background());
            // These tests are about the Driver's direct answer; WorkflowViewTest covers planned tasks.
            tasks.planWithTeamProperty().set(false);
            Parent tasksPage = new ViewFactory(page.shellOn(app.engine())).loadTasks(tasks);
            notifier = new TaskNotifier(tasks, opened::incrementAndGet, showNoticesFor);
            tasks.load();
            return new Scene(new StackPane(tasksPage, notifier.node()), 1000, 700);
        });
    }

    private void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition);
    }

    private boolean badgeShows(String status) {
        return robot.lookup(".task-status").queryAllAs(Label.class).stream()
                .anyMatch(badge -> badge.isVisible() && status.equals(badge.getText()));
    }

    private Optional<Notification> notice(String text) {
        return robot.lookup(".task-notice").queryAllAs(Notification.class).stream()
                .filter(notification -> text.equals(notification.getMessage()))
                .findFirst();
    }

    private long onlyTaskId() {
        return app.engine().tasks(Optional.empty(), 10).getFirst().id();
    }

    @Test
    void runningATaskShowsItSucceedWithTheResultAndNotifiesWithAnOpenAction() throws Exception {
        showPage(javafx.util.Duration.seconds(60));
        fake.enqueue(FakeReply.text("The backlog has 12 open items.").after(Duration.ofMillis(300)));
        assertThat(robot.lookup("#runTaskButton").queryButton().isDisabled())
                .as("nothing to run yet")
                .isTrue();

        robot.clickOn("#taskInput").write("summarize the backlog");
        robot.clickOn("#runTaskButton");

        waitUntil(() -> badgeShows("succeeded"));
        TextArea result = robot.lookup("#taskResult").queryAs(TextArea.class);
        waitUntil(() -> "The backlog has 12 open items.".equals(result.getText()));
        assertThat(result.isEditable()).isFalse();
        assertThat(robot.lookup("#taskInput").queryAs(TextArea.class).getText()).isEmpty();
        assertThat(robot.lookup("#taskDetailInput").queryAs(TextArea.class).getText())
                .isEqualTo("summarize the backlog");
        assertThat(robot.lookup("#cancelTaskButton").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#taskError").queryAs(Label.class).isVisible()).isFalse();
        // The cell re-renders its badge (style classes off, then on) as the list updates: read it on the FX thread.
        waitUntil(() -> WaitForAsyncUtils.asyncFx(() -> robot.lookup(".task-status").queryAllAs(Label.class).stream()
                        .anyMatch(badge -> "succeeded".equals(badge.getText())
                                && badge.getStyleClass().contains("success")))
                .get());

        long taskId = onlyTaskId();
        waitUntil(() -> notice("Task #" + taskId + " finished").isPresent());
        Notification finished = notice("Task #" + taskId + " finished").orElseThrow();
        assertThat(finished.getStyleClass()).contains("success");
        Button open = finished.getPrimaryActions().getFirst();
        robot.clickOn(open);

        waitUntil(() -> opened.get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(notice("Task #" + taskId + " finished")).as("Open closes it").isEmpty();
        assertThat(notifier.shown()).isZero();
    }

    @Test
    void aSlowTaskStartedWithCtrlEnterCanBeCancelled() throws Exception {
        showPage(javafx.util.Duration.seconds(60));
        fake.enqueue(FakeReply.hang());

        robot.clickOn("#taskInput").write("think forever");
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);

        waitUntil(() -> badgeShows("running"));
        waitUntil(() -> fake.inFlightRequests() == 1);
        Button cancel = robot.lookup("#cancelTaskButton").queryButton();
        waitUntil(() -> !cancel.isDisabled());
        robot.clickOn(cancel);

        waitUntil(() -> badgeShows("cancelled"));
        Label error = robot.lookup("#taskError").queryAs(Label.class);
        waitUntil(() -> error.isVisible() && "The task was cancelled.".equals(error.getText()));
        assertThat(cancel.isDisabled()).isTrue();
        long taskId = onlyTaskId();
        assertThat(app.engine().task(taskId).status()).isEqualTo(TaskStatus.CANCELLED);
        waitUntil(() -> notice("Task #" + taskId + " was cancelled").isPresent());
    }

    @Test
    void notificationsCloseByThemselvesAndShowOnlyTheLatestFew() throws Exception {
        showPage(javafx.util.Duration.seconds(2));
        AtomicInteger popped = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        robot.interact(() -> ((Parent) notifier.node())
                .getChildrenUnmodifiable()
                .addListener((ListChangeListener<Node>) change -> {
                    while (change.next()) {
                        popped.addAndGet(change.getAddedSize());
                    }
                    mostAtOnce.accumulateAndGet(change.getList().size(), Math::max);
                }));

        for (int i = 1; i <= 4; i++) {
            Task done = app.engine().processOperatorTaskAndWait("task " + i, Duration.ofSeconds(WAIT_SECONDS));
            assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
        }

        waitUntil(() -> popped.get() == 4);
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(3);
        waitUntil(() -> notifier.shown() == 0);
        assertThat(opened.get()).isZero();
        // Counted in the table's rows, not its drawn cells: a short table draws only the rows in view.
        assertThat(robot.lookup("#taskTable").queryTableView().getItems())
                .as("tasks created elsewhere are listed too")
                .hasSize(4);
    }

    @Test
    void withoutAModelRunTaskExplainsWhatToSetUp() throws Exception {
        app.engine().reconfigureModel(ModelSettings.none());
        showPage(javafx.util.Duration.seconds(60));

        robot.clickOn("#taskInput").write("summarize the backlog");
        robot.clickOn("#runTaskButton");

        Label error = robot.lookup("#tasksError").queryAs(Label.class);
        waitUntil(() -> error.isVisible() && error.getText().contains("No model provider is configured"));
        assertThat(error.getText()).contains("OPENAI_API_KEY").doesNotContain("Exception");
        assertThat(robot.lookup("#taskInput").queryAs(TextArea.class).getText())
                .as("the text is kept for a second try")
                .isEqualTo("summarize the backlog");
        assertThat(robot.lookup("#runTaskButton").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup(".task-status").queryAll()).isEmpty();
    }
}
