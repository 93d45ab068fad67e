package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;
import static io.agentdeck.testing.WorkflowScript.answerEachStep;
import static io.agentdeck.testing.WorkflowScript.firstLine;
import static io.agentdeck.testing.WorkflowScript.plan;
import static io.agentdeck.testing.WorkflowScript.script;
import static io.agentdeck.testing.WorkflowScript.step;
import static io.agentdeck.ui.DesktopWindow.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.workflow.StepStatus;
import io.agentdeck.engine.workflow.Workflow;
import io.agentdeck.engine.workflow.WorkflowLimits;
import io.agentdeck.engine.workflow.WorkflowStatus;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.view.ViewFactory;
import io.agentdeck.ui.viewmodel.TasksViewModel;
import io.agentdeck.ui.viewmodel.WorkflowStepItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Application;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextArea;
import javafx.scene.text.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Tasks page shows a planned task's workflow live under Monocle, on the real engine against the fake model: the
 * graph of steps and their changes, a step's instruction and output, the result as Markdown, the new specialists
 * answered inline, cancel and resume.
 */
// A long model timeout: a hanging step must stay running until the test cancels it.
@AppTest(modelTimeoutSeconds = 30)
class WorkflowViewTest {
    private static final String REVIEW = "# Fruit report\n\nApples and pears are **both** fine.";

    @FromApp
    private TestApp app;

    @FromApp
    private FakeOpenAiServer fake;

    @RegisterExtension
    final PageStage page = new PageStage();

    private final FxRobot robot = new FxRobot();
    private TasksViewModel tasks;

    private void showPage() throws Exception {
        page.show(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            tasks = new TasksViewModel(app.engine(), page.bridgeTo(app.engine()), page.background());
            Parent tasksPage = new ViewFactory(page.shellOn(app.engine())).loadTasks(tasks);
            tasks.load();
            Scene scene = new Scene(tasksPage, 1300, 900);
            scene.getStylesheets()
                    .add(WorkflowViewTest.class
                            .getResource("/io/agentdeck/ui/app.css")
                            .toExternalForm());
            return scene;
        });
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition);
    }

    /** The badge of a step's card in the graph, read on the FX thread; empty while the card is not drawn. */
    private String badgeOf(int step) throws Exception {
        return onFx(() -> robot.lookup("#workflow-step-" + step + " .workflow-step-status")
                .tryQuery()
                .map(node -> ((Label) node).getText())
                .orElse(""));
    }

    private void runTask(String text) {
        robot.clickOn("#taskInput").write(text);
        robot.clickOn("#runTaskButton");
    }

    /** The table cell showing a task's text, once the task is listed. */
    private Optional<Labeled> taskCell(String input) throws Exception {
        return onFx(() -> robot.lookup(".table-cell").queryAllAs(Labeled.class).stream()
                .filter(cell -> input.equals(cell.getText()))
                .findFirst());
    }

    private Workflow workflowOf(Task task) {
        return app.engine().workflows().forTask(task.id()).orElseThrow();
    }

    private Task onlyTaskWith(String input) {
        return app.engine().tasks(Optional.empty(), 50).stream()
                .filter(task -> task.input().equals(input))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aPlannedTaskShowsItsGraphGoFromPendingToSucceededWithEachStepsOutputAndTheResult() throws Exception {
        script(
                fake,
                List.of(plan(
                        step(1, "Generator", "Collect facts about apples"),
                        step(2, "Driver", "Collect facts about pears"),
                        step(3, "Generator", "Summarise the apple facts", 1),
                        step(4, "Driver", "Summarise the pear facts", 2),
                        step(5, "Generator", "Compare the two summaries", 3, 4))),
                FakeReply.text(REVIEW).after(Duration.ofMillis(300)),
                request -> answerEachStep(request).after(Duration.ofMillis(400)));
        showPage();
        // Every status the last step's card showed, in order, as the person would have seen it.
        List<String> lastStepSeen = Collections.synchronizedList(new ArrayList<>());
        robot.interact(() -> tasks.workflow().steps().addListener((ListChangeListener<WorkflowStepItem>) change -> {
            tasks.workflow().steps().stream()
                    .filter(item -> item.number() == 5)
                    .map(WorkflowStepItem::statusText)
                    .filter(status ->
                            lastStepSeen.isEmpty() || !lastStepSeen.getLast().equals(status))
                    .forEach(lastStepSeen::add);
        }));
        assertThat(robot.lookup("#planWithTeam").queryAs(CheckBox.class).isSelected())
                .as("planning with the team is the default")
                .isTrue();

        runTask("Compare apples and pears");

        waitUntil(() -> badgeOf(5).equals("pending"));
        assertThat(onFx(() -> robot.lookup(".workflow-step").queryAll().size())).isEqualTo(5);
        assertThat(onFx(() -> robot.lookup(".workflow-edge").queryAll().size()))
                .as("one arrow per dependency")
                .isEqualTo(4);
        waitUntil(() -> badgeOf(5).equals("succeeded"));
        assertThat(lastStepSeen).containsSubsequence("pending", "running", "succeeded");
        for (int step = 1; step <= 5; step++) {
            assertThat(badgeOf(step)).isEqualTo("succeeded");
        }
        // Parallel branches share a column; the last step sits right of the steps it builds on.
        Node first = robot.lookup("#workflow-step-1").query();
        Node second = robot.lookup("#workflow-step-2").query();
        Node last = robot.lookup("#workflow-step-5").query();
        assertThat(second.getLayoutX()).isEqualTo(first.getLayoutX());
        assertThat(last.getLayoutX())
                .isGreaterThan(robot.lookup("#workflow-step-3").query().getLayoutX());
        waitUntil(() -> onFx(() ->
                        robot.lookup("#workflowStatus").queryAs(Label.class).getText())
                .startsWith("succeeded · 5 of 5 steps done"));

        robot.clickOn("#workflow-step-3");
        TextArea output = robot.lookup("#stepOutput").queryAs(TextArea.class);
        waitUntil(() -> output.isVisible() && output.getText().equals("OUT[Summarise the apple facts]"));
        assertThat(robot.lookup("#stepInstruction").queryAs(TextArea.class).getText())
                .isEqualTo("Summarise the apple facts\n\n(With the output of step 1.)");
        assertThat(robot.lookup("#stepTitle").queryAs(Label.class).getText())
                .startsWith("Step 3 · Generator · succeeded · ");
        assertThat(robot.lookup("#workflow-step-3").query().getStyleClass()).contains("selected");

        // The result is Markdown drawn as such: a heading and bold text, not the raw marks.
        waitUntil(() ->
                onFx(() -> robot.lookup(".workflow-result")
                                .lookup((Text text) -> true)
                                .queryAllAs(Text.class))
                        .stream()
                        .anyMatch(text -> text.getText().contains("Fruit report")));
        List<String> shown =
                onFx(() -> robot.lookup(".workflow-result").lookup((Text text) -> true).queryAllAs(Text.class).stream()
                        .map(Text::getText)
                        .toList());
        assertThat(String.join("", shown)).doesNotContain("**").doesNotContain("# Fruit");
        assertThat(robot.lookup("#taskResult").query().isVisible())
                .as("the plain text result is for direct answers")
                .isFalse();
    }

    @Test
    void aNewSpecialistIsApprovedInlineThenACancelStopsTheRunningStep() throws Exception {
        AtomicBoolean hang = new AtomicBoolean(false);
        script(
                fake,
                List.of(plan(step(1, "new:Poet", "Write a poem about pears"))),
                FakeReply.text(REVIEW),
                request -> {
                    if (request.responseFormat() != null) {
                        return FakeReply.jsonOf(Map.of(
                                "name", "Pear Poet",
                                "role", "Writes poems about fruit",
                                "system_prompt", "You are a poet who writes short poems about fruit.",
                                "capabilities", List.of("poetry"),
                                "tools", List.of()));
                    }
                    return hang.get() ? FakeReply.hang() : answerEachStep(request);
                });
        showPage();
        runTask("A pear poem");

        waitUntil(() -> badgeOf(1).equals("waiting approval"));
        waitUntil(() -> robot.lookup(".workflow-approve").tryQuery().isPresent());
        Button create = robot.lookup(".workflow-approve").queryButton();
        assertThat(robot.lookup(".workflow-approval .label")
                        .queryAs(Label.class)
                        .getText())
                .isEqualTo("The plan asks for a new agent: Pear Poet — Writes poems about fruit");
        hang.set(true);
        robot.clickOn(create);

        waitUntil(() -> badgeOf(1).equals("running"));
        assertThat(robot.lookup(".workflow-approve").tryQuery())
                .as("answered, the row goes")
                .isEmpty();
        assertThat(robot.lookup("#workflow-step-1 .workflow-step-title")
                        .queryAs(Label.class)
                        .getText())
                .isEqualTo("1 · Pear Poet");
        waitUntil(() -> fake.inFlightRequests() == 1);
        Button cancel = robot.lookup("#cancelTaskButton").queryButton();
        waitUntil(() -> !cancel.isDisabled());
        robot.clickOn(cancel);

        waitUntil(() -> badgeOf(1).equals("cancelled"));
        waitUntil(() -> onFx(() ->
                        robot.lookup("#workflowStatus").queryAs(Label.class).getText())
                .startsWith("cancelled"));
        Workflow stored = workflowOf(onlyTaskWith("A pear poem"));
        assertThat(stored.status()).isEqualTo(WorkflowStatus.CANCELLED);
        assertThat(stored.steps().getFirst().status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(robot.lookup("#resumeWorkflowButton").query().isVisible())
                .as("a cancelled workflow is not resumed")
                .isFalse();
    }

    @Test
    void aStoppedWorkflowIsResumedFromThePageAndTheGraphGoesOn() throws Exception {
        AtomicBoolean slow = new AtomicBoolean(true);
        script(
                fake,
                List.of(plan(step(1, "Generator", "Take your time"), step(2, "Driver", "Finish it", 1))),
                FakeReply.text(REVIEW),
                request -> firstLine(request).equals("Take your time") && slow.getAndSet(false)
                        ? FakeReply.text("late").after(Duration.ofMillis(6_500))
                        : answerEachStep(request));
        showPage();
        // The resumed run gets the same 5 s: ample for two quick steps and the review, even on a busy machine.
        Workflow started = app.engine().workflows().start("Slow work", new WorkflowLimits(12, 2, 200_000, 5, false));

        waitUntil(() -> taskCell("Slow work").isPresent());
        robot.clickOn(taskCell("Slow work").orElseThrow());
        waitUntil(() -> badgeOf(1).equals("cancelled"));
        Label reason = robot.lookup("#workflowStopReason").queryAs(Label.class);
        waitUntil(() -> reason.isVisible() && reason.getText().startsWith("timeout_s"));
        Button resume = robot.lookup("#resumeWorkflowButton").queryButton();
        waitUntil(resume::isVisible);
        robot.clickOn(resume);

        waitUntil(() -> badgeOf(2).equals("succeeded"));
        waitUntil(() -> onFx(() ->
                        robot.lookup("#workflowStatus").queryAs(Label.class).getText())
                .startsWith("succeeded"));
        Workflow resumed = app.engine().workflows().require(started.id());
        assertThat(resumed.taskId()).as("a resume runs under a new task").isNotEqualTo(started.taskId());
        assertThat(onFx(() -> tasks.selectedProperty().get().id()))
                .as("the page follows the workflow to its new task")
                .isEqualTo(resumed.taskId());
        assertThat(resume.isVisible()).isFalse();
    }
}
