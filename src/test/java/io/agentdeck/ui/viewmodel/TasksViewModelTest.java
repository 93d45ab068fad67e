package io.agentdeck.ui.viewmodel;

import static io.agentdeck.testing.Waits.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.FxThreadStandIn;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.FxBridge;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Tasks page's ViewModel on the real engine against the fake model server. One thread stands in for the FX
 * thread, so the ViewModel is touched only there, as in the app, while the task workers run concurrently.
 */
// A long model timeout: a hanging reply must stay running until the test cancels it.
@AppTest(api = false, modelTimeoutSeconds = 30)
class TasksViewModelTest {
    @FromApp
    private TestApp app;

    @FromApp
    private FakeOpenAiServer fake;

    private final FxThreadStandIn fxThread = new FxThreadStandIn();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private FxBridge bridge;
    private TasksViewModel tasks;

    @BeforeEach
    void start() {
        tasks = tasksOn(app);
    }

    @AfterEach
    void stop() {
        bridge.close();
        background.shutdownNow();
        fxThread.close();
    }

    private TasksViewModel tasksOn(TestApp running) {
        bridge = new FxBridge(running.engine().events(), fxThread);
        TasksViewModel viewModel = new TasksViewModel(running.engine(), bridge, background);
        // These tests are about the Driver's direct answer; WorkflowViewTest covers planned tasks.
        viewModel.planWithTeamProperty().set(false);
        act(viewModel::load);
        return viewModel;
    }

    private <T> T query(Supplier<T> question) {
        return fxThread.read(question);
    }

    private void act(Runnable action) {
        fxThread.act(action);
    }

    private void submit(String text) {
        act(() -> {
            tasks.inputProperty().set(text);
            tasks.submit();
        });
    }

    private Optional<TaskItemViewModel> item(long taskId) {
        return query(
                () -> tasks.tasks().stream().filter(item -> item.id() == taskId).findFirst());
    }

    private TaskItemViewModel awaitSelected() {
        await().atMost(WAIT).until(() -> query(() -> tasks.selectedProperty().get() != null));
        return query(() -> tasks.selectedProperty().get());
    }

    private void awaitStatus(TaskItemViewModel item, TaskStatus status) {
        await().atMost(WAIT).until(() -> query(item::status) == status);
    }

    @Test
    void aSubmittedTaskIsListedAtOnceAndRunsToTheDriversResult() {
        fake.enqueue(FakeReply.text("The weekly report is ready.").after(Duration.ofMillis(300)));
        List<TaskStatus> seen = new CopyOnWriteArrayList<>();
        act(() -> tasks.tasks().addListener((ListChangeListener<TaskItemViewModel>) change -> {
            while (change.next()) {
                for (TaskItemViewModel added : change.getAddedSubList()) {
                    seen.add(added.status());
                    added.statusProperty().addListener((observable, before, now) -> seen.add(now));
                }
            }
        }));
        act(() -> tasks.inputProperty().set("  write the weekly report \n"));
        assertThat(query(() -> tasks.canSubmitProperty().get())).isTrue();

        act(tasks::submit);

        assertThat(query(() -> tasks.inputProperty().get()))
                .as("the input is cleared")
                .isEmpty();
        TaskItemViewModel item = awaitSelected();
        assertThat(query(() -> tasks.tasks().getFirst())).isSameAs(item);
        assertThat(item.shortInput()).isEqualTo("write the weekly report");
        assertThat(seen.getFirst()).as("listed before it ran").isEqualTo(TaskStatus.QUEUED);

        awaitStatus(item, TaskStatus.SUCCEEDED);

        assertThat(seen).containsExactly(TaskStatus.QUEUED, TaskStatus.RUNNING, TaskStatus.SUCCEEDED);
        assertThat(query(() -> tasks.selectedResultProperty().get())).isEqualTo("The weekly report is ready.");
        assertThat(query(() -> tasks.selectedInputProperty().get())).isEqualTo("write the weekly report");
        assertThat(query(() -> tasks.selectedTitleProperty().get())).isEqualTo("Task #" + item.id() + " · succeeded");
        assertThat(query(() -> tasks.selectedTimesProperty().get()))
                .startsWith("Created ")
                .contains(" · started ", " · finished ", " · took ");
        assertThat(query(() -> tasks.selectedErrorProperty().get())).isEmpty();
        assertThat(query(() -> tasks.canCancelSelectedProperty().get())).isFalse();
        assertThat(item.duration()).endsWith(" s");
        assertThat(query(() -> List.copyOf(tasks.notices())))
                .containsExactly(new TaskNotice(item.id(), TaskStatus.SUCCEEDED, "Task #" + item.id() + " finished"));
        assertThat(query(() -> tasks.countProperty(TaskStatus.SUCCEEDED).get())).isEqualTo(1);
        assertThat(query(() -> tasks.activeCountProperty().get())).isZero();
        assertThat(query(() -> tasks.errorProperty().get())).isEmpty();
        assertThat(fake.lastRequest().lastQuestion()).isEqualTo("write the weekly report");
    }

    @Test
    void aTaskCreatedElsewhereAppearsLiveOnTop() {
        submit("the first task");
        TaskItemViewModel first = awaitSelected();
        awaitStatus(first, TaskStatus.SUCCEEDED);

        Task created = app.engine().processOperatorTask("a task from the API");

        await().atMost(WAIT)
                .until(() -> item(created.id())
                        .map(item -> item.status() == TaskStatus.SUCCEEDED)
                        .orElse(false));
        assertThat(query(() -> tasks.tasks().stream().map(TaskItemViewModel::id).toList()))
                .containsExactly(created.id(), first.id());
        assertThat(item(created.id()).orElseThrow().task().result()).contains("Echo: a task from the API");
        assertThat(query(() -> tasks.selectedProperty().get()))
                .as("someone else's task does not steal the selection")
                .isSameAs(first);
        assertThat(query(() -> tasks.notices().stream().map(TaskNotice::taskId).toList()))
                .containsExactly(first.id(), created.id());
        assertThat(query(() -> tasks.countProperty(TaskStatus.SUCCEEDED).get())).isEqualTo(2);
    }

    @Test
    void loadingListsTheStoredTasksNewestFirstWithoutNotices() {
        Task older = app.engine().processOperatorTaskAndWait("older", WAIT);
        Task newer = app.engine().processOperatorTaskAndWait("newer", WAIT);
        assertThat(newer.status()).isEqualTo(TaskStatus.SUCCEEDED);
        bridge.close();

        TasksViewModel reopened = tasksOn(app);
        tasks = reopened;

        await().atMost(WAIT).until(() -> query(() -> reopened.tasks().size()) == 2);
        assertThat(query(() ->
                        reopened.tasks().stream().map(TaskItemViewModel::id).toList()))
                .containsExactly(newer.id(), older.id());
        assertThat(query(() -> reopened.tasks().getFirst().status())).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(query(() -> reopened.countProperty(TaskStatus.SUCCEEDED).get()))
                .isEqualTo(2);
        assertThat(query(() -> reopened.notices())).isEmpty();
    }

    @Test
    void cancellingARunningTaskEndsItCancelled() {
        fake.enqueue(FakeReply.hang());
        submit("think forever");
        TaskItemViewModel item = awaitSelected();
        awaitStatus(item, TaskStatus.RUNNING);
        await().atMost(WAIT).until(() -> fake.inFlightRequests() == 1);
        assertThat(query(() -> tasks.canCancelSelectedProperty().get())).isTrue();
        assertThat(query(() -> tasks.activeCountProperty().get())).isEqualTo(1);

        act(tasks::cancelSelected);

        awaitStatus(item, TaskStatus.CANCELLED);
        await().atMost(WAIT).until(() -> query(() -> tasks.notices().size()) == 1);
        assertThat(query(() -> tasks.notices().getFirst().text())).isEqualTo("Task #" + item.id() + " was cancelled");
        assertThat(query(() -> tasks.selectedErrorProperty().get())).isEqualTo(TasksViewModel.CANCELLED);
        assertThat(query(() -> tasks.selectedResultProperty().get())).isEmpty();
        assertThat(query(() -> tasks.canCancelSelectedProperty().get())).isFalse();
        assertThat(query(() -> tasks.errorProperty().get())).isEmpty();
        assertThat(app.engine().task(item.id()).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(query(() -> tasks.countProperty(TaskStatus.CANCELLED).get())).isEqualTo(1);

        act(tasks::cancelSelected);

        assertThat(query(() -> tasks.errorProperty().get()))
                .as("a finished task is not cancelled again")
                .isEmpty();
    }

    @Test
    void aFailingModelFailsTheTaskWithTheReasonAndAFailureNotice() {
        FakeReply refused = FakeReply.badRequest("this model does not exist");
        fake.enqueue(refused, refused, refused);

        submit("use a missing model");
        TaskItemViewModel item = awaitSelected();
        awaitStatus(item, TaskStatus.FAILED);

        String reason = query(() -> tasks.selectedErrorProperty().get());
        assertThat(reason).isNotBlank().isEqualTo(item.task().error().orElseThrow());
        assertThat(reason).doesNotContain("Exception").doesNotContain("\tat ");
        await().atMost(WAIT).until(() -> query(() -> tasks.notices().size()) == 1);
        assertThat(query(() -> tasks.notices().getFirst()))
                .isEqualTo(new TaskNotice(item.id(), TaskStatus.FAILED, "Task #" + item.id() + " failed: " + reason));
        assertThat(query(() -> tasks.selectedResultProperty().get())).isEmpty();
        assertThat(query(() -> tasks.countProperty(TaskStatus.FAILED).get())).isEqualTo(1);
    }

    @Test
    void blankInputSubmitsNothing() {
        act(() -> tasks.inputProperty().set("  \n\t "));
        assertThat(query(() -> tasks.canSubmitProperty().get())).isFalse();

        act(tasks::submit);

        assertThat(query(() -> tasks.submittingProperty().get())).isFalse();
        assertThat(query(() -> tasks.inputProperty().get())).isEqualTo("  \n\t ");
        assertThat(query(() -> tasks.errorProperty().get())).isEmpty();
        assertThat(app.engine().tasks(Optional.empty(), 10)).isEmpty();
        assertThat(query(() -> tasks.tasks())).isEmpty();
    }

    @Test
    void withoutAModelSubmittingExplainsWhatToSetUpAndKeepsTheText() {
        app.engine().reconfigureModel(ModelSettings.none());

        submit("summarize the backlog");

        await().atMost(WAIT)
                .until(() -> query(() -> !tasks.errorProperty().get().isEmpty()));
        String error = query(() -> tasks.errorProperty().get());
        assertThat(error).contains("No model provider is configured").contains("OPENAI_API_KEY");
        assertThat(error).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(query(() -> tasks.submittingProperty().get())).isFalse();
        assertThat(query(() -> tasks.inputProperty().get())).isEqualTo("summarize the backlog");
        assertThat(query(() -> tasks.canSubmitProperty().get())).isTrue();
        assertThat(query(() -> tasks.tasks())).isEmpty();
        assertThat(app.engine().tasks(Optional.empty(), 10)).isEmpty();
    }
}
