package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;
import static io.agentdeck.ui.DesktopWindow.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Notification;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.ui.viewmodel.SettingsViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/** The dashboard and tasks pages inside the real main window, fed by a script using the local API. */
class ShellPagesTest {

    private final FxRobot robot = new FxRobot();

    @RegisterExtension
    final DesktopWindow window = new DesktopWindow();

    private void waitUntil(Callable<Boolean> condition) throws Exception {
        DesktopWindow.waitUntil(condition);
    }

    @Test
    void theDashboardShowsTheDriverBusyWhileAScriptTalksToItThenIdle() throws Exception {
        ShellViewModel shell = window.open();
        robot.clickOn("#messageInput")
                .press(KeyCode.CONTROL)
                .type(KeyCode.DIGIT2)
                .release(KeyCode.CONTROL);
        waitUntil(() -> robot.lookup(".dashboard-page")
                .tryQuery()
                .map(page -> page.isVisible())
                .orElse(false));
        assertThat(robot.lookup(".chat").query().isVisible()).isFalse();
        waitUntil(() -> DashboardLookup.statusOf(robot, "Driver").orElse("").equals("idle"));
        window.app().model().enqueue(FakeReply.text("a careful answer").after(Duration.ofMillis(1500)));

        CompletableFuture<Integer> script = CompletableFuture.supplyAsync(() -> window.app()
                .http()
                .post("/api/agents/1/message", "{\"message\": \"from a script\"}")
                .status());

        waitUntil(() -> DashboardLookup.statusOf(robot, "Driver").orElse("").equals("busy"));
        waitUntil(() -> DashboardLookup.statusOf(robot, "Driver").orElse("").equals("idle"));
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
        ShellViewModel shell = window.open();
        robot.clickOn("#tasksNav");
        waitUntil(() -> robot.lookup(".tasks-page")
                .tryQuery()
                .map(page -> page.isVisible())
                .orElse(false));

        // The Driver answers alone: the fake model's default reply is not a plan.
        robot.clickOn("#planWithTeam");
        assertThat(shell.tasks().planWithTeamProperty().get()).isFalse();
        robot.clickOn("#taskInput").write("plan the launch");
        robot.clickOn("#runTaskButton");
        waitUntil(() -> shell.tasks().tasks().stream()
                .anyMatch(task -> task.status().wireName().equals("succeeded")));

        robot.clickOn(".agent-name");
        waitUntil(() -> robot.lookup(".chat").query().isVisible());
        window.app().model().enqueue(FakeReply.text("done in the background").after(Duration.ofMillis(300)));
        long tidyUp = window.app().engine().processOperatorTask("tidy up").id();

        // The first task's notice may still be up: wait for this task's own, so that no notice arriving after the
        // lookup moves the button away from where the robot clicks; and for its button, which only exists once the
        // notice's skin was made on a later pulse.
        waitUntil(() -> onFx(() -> openButtonOfNotice(tidyUp).isPresent()));
        robot.clickOn(onFx(() -> openButtonOfNotice(tidyUp).orElseThrow()));
        waitUntil(() -> shell.pageProperty().get() == ShellViewModel.Page.TASKS);
    }

    private Optional<Button> openButtonOfNotice(long task) {
        return robot.lookup(".task-notice").queryAllAs(Notification.class).stream()
                .filter(shown -> shown.getMessage().startsWith("Task #" + task + " "))
                .flatMap(notice -> robot.from(notice).lookup(".task-notice-open").tryQuery().stream())
                .map(Button.class::cast)
                .findFirst();
    }

    @Test
    void aNewUserWithoutAModelSetsOneUpInSettingsAndChatsWithoutRestarting() throws Exception {
        try (FakeOpenAiServer model = FakeOpenAiServer.start()) {
            model.requireApiKey("sk-new-user-key-0042");
            ShellViewModel shell = window.open(ModelSettings.none());
            assertThat(shell.state()).isEqualTo(ShellViewModel.State.NEEDS_MODEL);

            robot.clickOn("#openSettingsButton");
            waitUntil(() -> robot.lookup(".settings-page")
                    .tryQuery()
                    .map(page -> page.isVisible())
                    .orElse(false));
            @SuppressWarnings("unchecked")
            ChoiceBox<SettingsViewModel.Provider> provider =
                    robot.lookup("#providerChoice").queryAs(ChoiceBox.class);
            robot.interact(() -> provider.setValue(SettingsViewModel.Provider.OPENAI_COMPATIBLE));
            replaceText("#baseUrlField", model.baseUrl());
            replaceText("#modelField", "fake-model");
            robot.clickOn("#apiKeyField").write("sk-new-user-key-0042");
            robot.clickOn("#testConnectionButton");
            Label result = robot.lookup("#connectionResult").queryAs(Label.class);
            waitUntil(() -> result.getText().startsWith("Connected"));

            ScrollPane page = robot.lookup(".settings-page").queryAs(ScrollPane.class);
            robot.interact(() -> page.setVvalue(page.getVmax())); // the Save button sits at the end of the page
            robot.clickOn("#saveButton");
            waitUntil(() -> shell.state() == ShellViewModel.State.READY);
            assertThat(Files.readString(window.dataDir().resolve("settings.json")))
                    .as("the key is not written into settings.json")
                    .doesNotContain("sk-new-user-key-0042");

            robot.clickOn(".agent-name");
            waitUntil(() -> robot.lookup(".chat").query().isVisible());
            robot.clickOn("#messageInput").write("hello model").type(KeyCode.ENTER);
            waitUntil(() -> ChatLookup.shows(robot, "agent", "Echo: hello model"));
        }
    }

    private void replaceText(String id, String text) {
        TextInputControl field = robot.lookup(id).queryAs(TextInputControl.class);
        robot.interact(field::clear);
        robot.clickOn(field).write(text);
    }
}
