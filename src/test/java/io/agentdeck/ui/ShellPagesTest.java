package io.agentdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.api.TestApp;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.ui.viewmodel.DashboardAgentRow;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The dashboard and tasks pages inside the real main window, fed by a script using the local API. */
class ShellPagesTest {
    private static final long WAIT_SECONDS = 20;

    @TempDir
    Path dataDir;

    private final FxRobot robot = new FxRobot();
    private TestApp app;
    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            FxToolkit.cleanupApplication(desktop);
        }
        FxToolkit.cleanupStages();
    }

    private ShellViewModel open() throws Exception {
        app = TestApp.withFakeModel(dataDir);
        FxToolkit.registerPrimaryStage();
        desktop = (DesktopApp) FxToolkit.setupApplication(() -> new DesktopApp(TestAppBackend.of(app)));
        ShellViewModel shell = desktop.shell();
        waitUntil(() -> shell.state() == ShellViewModel.State.READY);
        WaitForAsyncUtils.waitForFxEvents();
        return shell;
    }

    private void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition);
    }

    @SuppressWarnings("unchecked")
    private Optional<String> driverStatusOnDashboard() {
        return robot.lookup("#agentTable .table-row-cell").queryAllAs(TableRow.class).stream()
                .map(row -> (TableRow<DashboardAgentRow>) row)
                .filter(row -> row.getItem() != null && row.getItem().name().equals("Driver"))
                .findFirst()
                .flatMap(row -> row.lookupAll(".dashboard-status").stream().findFirst())
                .map(badge -> ((Label) badge).getText());
    }

    @Test
    void theDashboardShowsTheDriverBusyWhileAScriptTalksToItThenIdle() throws Exception {
        ShellViewModel shell = open();
        robot.clickOn("#messageInput")
                .press(KeyCode.CONTROL)
                .type(KeyCode.DIGIT2)
                .release(KeyCode.CONTROL);
        waitUntil(() -> robot.lookup(".dashboard-page")
                .tryQuery()
                .map(page -> page.isVisible())
                .orElse(false));
        assertThat(robot.lookup(".chat").query().isVisible()).isFalse();
        waitUntil(() -> driverStatusOnDashboard().orElse("").equals("idle"));
        app.model().enqueue(FakeReply.text("a careful answer").after(Duration.ofMillis(1500)));

        CompletableFuture<Integer> script = CompletableFuture.supplyAsync(() -> app.http()
                .post("/api/agents/1/message", "{\"message\": \"from a script\"}")
                .status());

        waitUntil(() -> driverStatusOnDashboard().orElse("").equals("busy"));
        waitUntil(() -> driverStatusOnDashboard().orElse("").equals("idle"));
        assertThat(script.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(200);
        waitUntil(() -> robot.lookup("#apiState").queryAs(Label.class).getText().startsWith("Running at "));

        robot.clickOn("#dashboardNav")
                .press(KeyCode.CONTROL)
                .type(KeyCode.DIGIT1)
                .release(KeyCode.CONTROL);
        waitUntil(() -> robot.lookup(".chat").query().isVisible());
        assertThat(shell.pageProperty().get()).isEqualTo(ShellViewModel.Page.CHAT);
    }

    @Test
    void aTaskRunsFromTheTasksPageAndAFinishedTaskIsAnnouncedOnAnyPage() throws Exception {
        ShellViewModel shell = open();
        robot.clickOn("#tasksNav");
        waitUntil(() -> robot.lookup(".tasks-page")
                .tryQuery()
                .map(page -> page.isVisible())
                .orElse(false));

        robot.clickOn("#taskInput").write("plan the launch");
        robot.clickOn("#runTaskButton");
        waitUntil(() -> shell.tasks().tasks().stream()
                .anyMatch(task -> task.status().wireName().equals("succeeded")));

        robot.clickOn(".agent-name");
        waitUntil(() -> robot.lookup(".chat").query().isVisible());
        app.model().enqueue(FakeReply.text("done in the background").after(Duration.ofMillis(300)));
        app.engine().processOperatorTask("tidy up");

        waitUntil(() -> robot.lookup(".task-notice").tryQuery().isPresent());
        robot.clickOn(".task-notice-open");
        waitUntil(() -> shell.pageProperty().get() == ShellViewModel.Page.TASKS);
    }
}
