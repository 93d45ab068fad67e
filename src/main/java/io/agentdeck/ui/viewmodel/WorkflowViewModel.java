package io.agentdeck.ui.viewmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.WorkflowService;
import io.agentdeck.engine.approval.Approval;
import io.agentdeck.engine.approval.ApprovalKind;
import io.agentdeck.engine.approval.ApprovalService.Decision;
import io.agentdeck.engine.approval.ApprovalService.Remember;
import io.agentdeck.engine.approval.ApprovalStatus;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.workflow.Step;
import io.agentdeck.engine.workflow.StepStatus;
import io.agentdeck.engine.workflow.Workflow;
import io.agentdeck.engine.workflow.WorkflowStatus;
import io.agentdeck.ui.BackgroundTasks;
import io.agentdeck.ui.FxBridge;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The workflow of the task selected on the Tasks page, kept live: its status and bounds, its steps for the graph, the
 * step a person clicked, the new specialists waiting for a person's yes or no, and the Driver's result. Every
 * {@code workflow_update} of the shown workflow re-reads it from the engine (the latest read wins), so what is shown
 * is always what is stored.
 */
public final class WorkflowViewModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;
    private final BackgroundTasks work;
    /** Reads of the shown workflow: a slow older read must not overwrite a newer one. */
    private final BackgroundTasks.Latest reading = new BackgroundTasks.Latest();

    private final ReadOnlyBooleanWrapper present = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper stopReason = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canCancel = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canResume = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper commandRunning = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<WorkflowStepItem> steps = FXCollections.observableArrayList();
    private final ObservableList<WorkflowStepItem> readOnlySteps = FXCollections.unmodifiableObservableList(steps);
    private final ObjectProperty<WorkflowStepItem> selectedStep = new SimpleObjectProperty<>();
    private final ObservableList<Approval> approvals = FXCollections.observableArrayList();
    private final ObservableList<Approval> readOnlyApprovals = FXCollections.unmodifiableObservableList(approvals);
    private final Set<Long> deciding = new HashSet<>();

    private Optional<Long> shownTask = Optional.empty();
    private Optional<Workflow> workflow = Optional.empty();
    private LongConsumer resumed = taskId -> {};

    public WorkflowViewModel(Engine engine, FxBridge bridge, Executor background) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.work = new BackgroundTasks(Objects.requireNonNull(background, "background"), bridge.fx());
        bridge.addListener(this::onEvent);
    }

    /** True while the selected task runs a workflow and it has been read. */
    public ReadOnlyBooleanProperty presentProperty() {
        return present.getReadOnlyProperty();
    }

    /** E.g. "running · 2 of 5 steps done · 1,204 tokens · planned again once". */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    /** Why the workflow stopped, failed or was interrupted; empty otherwise. */
    public ReadOnlyStringProperty stopReasonProperty() {
        return stopReason.getReadOnlyProperty();
    }

    /** The Driver's final result (Markdown) once the workflow succeeded; empty before. */
    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCancelProperty() {
        return canCancel.getReadOnlyProperty();
    }

    /** True for a stopped or interrupted workflow: resuming runs the steps that did not succeed. */
    public ReadOnlyBooleanProperty canResumeProperty() {
        return canResume.getReadOnlyProperty();
    }

    /** Why the last command (read, cancel, resume, approval) failed, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The steps in plan order. */
    public ObservableList<WorkflowStepItem> steps() {
        return readOnlySteps;
    }

    /** The step whose instruction and output are shown; it follows the step's changes. */
    public ObjectProperty<WorkflowStepItem> selectedStepProperty() {
        return selectedStep;
    }

    /** The new specialists this workflow waits for, oldest first. */
    public ObservableList<Approval> approvals() {
        return readOnlyApprovals;
    }

    /** Told the new task's id when a resume started the workflow again under it. */
    public void onResumed(LongConsumer listener) {
        this.resumed = Objects.requireNonNull(listener, "listener");
    }

    /** Shows the workflow the task runs; a task that runs none (a direct answer) shows nothing here. */
    public void show(Optional<Task> task) {
        Optional<Long> id =
                task.filter(t -> WorkflowService.WORKFLOW_TASK.equals(t.type())).map(Task::id);
        if (id.equals(shownTask)) {
            return;
        }
        shownTask = id;
        selectedStep.set(null);
        error.set("");
        apply(Optional.empty(), List.of());
        id.ifPresentOrElse(this::read, reading::invalidate);
    }

    /** Reads the shown workflow again (after a change it was told about). */
    public void refresh() {
        shownTask.ifPresent(this::read);
    }

    public void cancel() {
        workflow.filter(w -> w.status().isUnfinished())
                .ifPresent(shown -> command(
                        () -> engine.workflows().cancel(shown.id()),
                        "Cancelling workflow " + shown.id(),
                        this::refreshed));
    }

    public void resume() {
        workflow.filter(w -> w.status().isResumable())
                .ifPresent(shown -> command(
                        () -> engine.workflows().resume(shown.id()), "Resuming workflow " + shown.id(), again -> {
                            refreshed(again);
                            resumed.accept(again.taskId());
                        }));
    }

    /** Lets the Creator add the specialist the workflow asked for. */
    public void approve(Approval approval) {
        decide(approval, Decision.APPROVE);
    }

    public void deny(Approval approval) {
        decide(approval, Decision.DENY);
    }

    /** The new agent's name and role from the Creator's design, e.g. "DataAnalyst — analyses CSV files". */
    public static String specialistText(Approval approval) {
        JsonNode spec = spec(approval);
        String name = spec.path("name").asText("a new agent");
        String role = spec.path("role").asText("");
        return role.isBlank() ? name : name + " — " + role;
    }

    private void decide(Approval approval, Decision decision) {
        if (!deciding.add(approval.id())) {
            return;
        }
        error.set("");
        work.call(() -> engine.tools().decide(approval.id(), decision, Remember.ONCE, Optional.empty()))
                .onSuccess(decided -> {
                    deciding.remove(approval.id());
                    approvals.removeIf(a -> a.id() == decided.id());
                })
                .onFailure(failure -> {
                    deciding.remove(approval.id());
                    // Decided elsewhere first, or expired: it is no longer ours to answer.
                    approvals.removeIf(a -> a.id() == approval.id());
                    error.set(ChatViewModel.explain(failure));
                })
                .start("Answering approval " + approval.id());
    }

    private <T> void command(Supplier<T> call, String what, Consumer<T> done) {
        if (commandRunning.get()) {
            return;
        }
        commandRunning.set(true);
        error.set("");
        work.call(call)
                .onSuccess(value -> {
                    commandRunning.set(false);
                    done.accept(value);
                })
                .onFailure(failure -> {
                    commandRunning.set(false);
                    error.set(ChatViewModel.explain(failure));
                    refresh();
                })
                .start(what);
    }

    private void refreshed(Workflow changed) {
        if (shownTask.isPresent()
                && workflow.map(w -> w.id().equals(changed.id())).orElse(false)) {
            refresh();
        }
    }

    private void read(long taskId) {
        work.call(() -> {
                    Optional<Workflow> found = engine.workflows().forTask(taskId);
                    List<Approval> waiting =
                            found.map(w -> waitingApprovals(w.id())).orElse(List.of());
                    return new Read(taskId, found, waiting);
                })
                .onlyIfLatest(reading)
                .onSuccess(read -> {
                    if (shownTask.equals(Optional.of(read.taskId()))) {
                        apply(read.workflow(), read.approvals());
                    }
                })
                .onFailure(failure -> error.set(ChatViewModel.explain(failure)))
                .start("Reading the workflow of task " + taskId);
    }

    private record Read(long taskId, Optional<Workflow> workflow, List<Approval> approvals) {}

    private List<Approval> waitingApprovals(String workflowId) {
        return engine.tools().approvals(Optional.of(ApprovalStatus.PENDING)).stream()
                .filter(approval -> approval.kind() == ApprovalKind.CREATE_AGENT)
                .filter(approval ->
                        workflowId.equals(spec(approval).path("workflow_id").asText()))
                .toList()
                .reversed();
    }

    private static JsonNode spec(Approval approval) {
        try {
            return JSON.readTree(approval.arguments().orElse("{}"));
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private void apply(Optional<Workflow> read, List<Approval> waiting) {
        workflow = read;
        present.set(read.isPresent());
        List<WorkflowStepItem> items = read.map(
                        w -> w.steps().stream().map(WorkflowStepItem::of).toList())
                .orElse(List.of());
        Optional<Integer> selectedNumber =
                Optional.ofNullable(selectedStep.get()).map(WorkflowStepItem::number);
        steps.setAll(items);
        selectedStep.set(selectedNumber
                .flatMap(number ->
                        items.stream().filter(item -> item.number() == number).findFirst())
                .orElse(null));
        // Only a real change redraws the rows: a person may be about to click one of them.
        if (!approvals.stream()
                .map(Approval::id)
                .toList()
                .equals(waiting.stream().map(Approval::id).toList())) {
            approvals.setAll(waiting);
        }
        statusText.set(read.map(WorkflowViewModel::describe).orElse(""));
        stopReason.set(read.filter(w -> w.status() != WorkflowStatus.SUCCEEDED)
                .flatMap(Workflow::stopReason)
                .orElse(""));
        result.set(read.flatMap(Workflow::result).orElse(""));
        canCancel.set(read.map(w -> w.status().isUnfinished()).orElse(false));
        canResume.set(read.map(w -> w.status().isResumable()).orElse(false));
    }

    static String describe(Workflow workflow) {
        List<Step> all = workflow.steps();
        long done = all.stream().filter(s -> s.status() == StepStatus.SUCCEEDED).count();
        StringBuilder text = new StringBuilder(workflow.status().wireName().replace('_', ' '));
        if (!all.isEmpty()) {
            text.append(" · ").append(done).append(" of ").append(all.size()).append(" steps done");
        }
        String tokens = WorkflowStepItem.tokensText(workflow.usage().totalTokens());
        if (!tokens.isEmpty()) {
            text.append(" · ").append(tokens);
        }
        if (workflow.replans() > 0) {
            text.append(" · planned again");
        }
        return text.toString();
    }

    private void onEvent(EngineEvent event) {
        switch (event) {
            case EngineEvent.WorkflowStep update -> {
                boolean shown =
                        workflow.map(w -> w.id().equals(update.workflowId())).orElse(false);
                boolean ofShownTask =
                        update.taskId().isPresent() && update.taskId().equals(shownTask);
                if (shown || ofShownTask) {
                    refresh();
                }
            }
            case EngineEvent.ApprovalRequested requested
            when requested.approval().kind() == ApprovalKind.CREATE_AGENT -> refresh();
            case EngineEvent.ApprovalResolved resolved ->
                approvals.removeIf(a -> a.id() == resolved.approval().id());
            default -> {}
        }
    }
}
