package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.config.UiSettings;
import io.agentdeck.testing.TempDirectory;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window opens before the engine is ready: it says it is starting, becomes the shell when the backend is built, and
 * explains a backend that could not be built. Real window under Monocle, real app on an H2 file.
 */
class WindowStartTest {
    private final FxRobot robot = new FxRobot();
    private Path dataDir;
    private DesktopApp desktop;
    private TestApp app;
    private TestApp other;

    @BeforeEach
    void createDataDir() {
        dataDir = TempDirectory.create();
    }

    @AfterEach
    void closeEverything() throws Exception {
        try {
            if (desktop != null) {
                FxToolkit.cleanupApplication(desktop);
            }
            FxToolkit.cleanupStages();
        } finally {
            if (app != null) {
                app.close();
            }
            if (other != null) {
                other.close();
            }
            TempDirectory.delete(dataDir);
        }
    }

    private DesktopApp openWindow(BackendStart backend) throws Exception {
        FxToolkit.registerPrimaryStage();
        desktop = (DesktopApp) FxToolkit.setupApplication(() -> new DesktopApp(UiSettings.defaults(), backend));
        WaitForAsyncUtils.waitForFxEvents();
        return desktop;
    }

    @Test
    void theWindowShowsWhileTheBackendIsBuiltThenBecomesTheShell() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<String> builtOn = new CompletableFuture<>();
        BackendStart backend = BackendStart.of(() -> {
            builtOn.complete(Thread.currentThread().getName());
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            app = TestApp.withFakeModel(dataDir);
            return TestAppBackend.of(app);
        });
        openWindow(backend);

        Stage stage = (Stage) robot.listTargetWindows().getFirst();
        assertThat(stage.isShowing()).isTrue();
        assertThat(stage.getTitle()).isEqualTo("AgentDeck");
        assertThat(robot.lookup("Starting AgentDeck…").tryQuery()).isPresent();
        assertThat(robot.lookup("#startingProgress").tryQuery()).isPresent();
        assertThat(desktop.shell()).as("no shell before the backend").isNull();

        assertThat(builtOn.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .as("the build begins once the window shows, on a thread of its own")
                .isEqualTo("agentdeck-start");
        release.countDown();
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> desktop.shell() != null);
        ShellViewModel shell = desktop.shell();
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> shell.state() == ShellViewModel.State.READY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("Starting AgentDeck…").tryQuery()).isEmpty();
        assertThat(robot.lookup(".agent-name").queryAllAs(Label.class))
                .extracting(Label::getText)
                .contains("Driver", "Creator", "Generator");
        assertThat(robot.listTargetWindows().getFirst())
                .as("the same window, not a new one")
                .isSameAs(stage);
    }

    @Test
    void aBackendThatCannotStartIsExplainedInTheWindowWhichThenCloses() throws Exception {
        // Another AgentDeck already holds this data folder's database.
        other = TestApp.withFakeModel(dataDir);
        BackendStart backend = BackendStart.of(() -> {
            app = TestApp.withFakeModel(dataDir);
            return TestAppBackend.of(app);
        });
        openWindow(backend);

        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> robot.lookup("#startFailure").tryQuery().isPresent());
        assertThat(robot.lookup("AgentDeck could not start").tryQuery()).isPresent();
        String reason = robot.lookup("#startFailure").queryAs(Label.class).getText();
        assertThat(reason)
                .contains("Another AgentDeck")
                .contains(dataDir.toString())
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(desktop.shell()).isNull();
        assertThat(robot.lookup("#closeAfterFailureButton").tryQuery()).isPresent();
    }
}
