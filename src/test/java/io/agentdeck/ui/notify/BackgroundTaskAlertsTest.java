package io.agentdeck.ui.notify;

import static io.agentdeck.testing.Waits.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.FxBridge;
import io.agentdeck.ui.viewmodel.TasksViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finished tasks on the real engine reach a real notify-send stand-in only while the window is in the background. */
@AppTest
class BackgroundTaskAlertsTest {
    @FromApp
    private TestApp app;

    @TempDir
    Path bin;

    private final ExecutorService fxThread = Executors.newSingleThreadExecutor();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean focused = new AtomicBoolean(true);
    private FxBridge bridge;
    private RecordingCommand notifySend;
    private TasksViewModel tasks;

    @BeforeEach
    void start() {
        bridge = new FxBridge(app.engine().events(), fxThread);
        notifySend = RecordingCommand.in(bin, "notify-send");
        CompletableFuture.runAsync(
                        () -> {
                            tasks = new TasksViewModel(app.engine(), bridge, background);
                            new BackgroundTaskAlerts(
                                    tasks.notices(),
                                    focused::get,
                                    CommandNotifier.notifySend(notifySend.executable()),
                                    background);
                        },
                        fxThread)
                .join();
    }

    @AfterEach
    void stop() {
        bridge.close();
        background.shutdownNow();
        fxThread.shutdownNow();
    }

    @Test
    void aTaskFinishingWhileTheWindowIsInTheBackgroundNotifiesTheSystem() {
        focused.set(false);

        long id = app.engine().processOperatorTaskAndWait("plan the week", WAIT).id();

        await().atMost(WAIT).until(() -> !notifySend.calls().isEmpty());
        assertThat(notifySend.calls())
                .singleElement()
                .satisfies(call -> assertThat(call).endsWith("AgentDeck", "Task #" + id + " finished"));
    }

    @Test
    void withTheWindowInFrontTheInAppNoticeIsEnough() {
        app.engine().processOperatorTaskAndWait("plan the week", WAIT);
        await().atMost(WAIT)
                .until(() -> CompletableFuture.supplyAsync(() -> tasks.notices().size(), fxThread)
                                .join()
                        == 1);
        focused.set(false);
        long second =
                app.engine().processOperatorTaskAndWait("plan the month", WAIT).id();

        await().atMost(WAIT).until(() -> !notifySend.calls().isEmpty());
        assertThat(notifySend.calls()).extracting(List::getLast).containsExactly("Task #" + second + " finished");
    }
}
