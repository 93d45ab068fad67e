package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.Engine;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.engine.workflow.WorkflowLimits;
import io.agentdeck.ui.BackgroundTasks;
import io.agentdeck.ui.FxBridge;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Tasks page: hand a task to the Driver, watch every task (also those created through the API) move through its
 * statuses, look at one task's details, cancel what has not finished, and hear about tasks that finish. State changes
 * on the FX side; engine calls run on the background executor.
 */
public final class TasksViewModel {
    /** How many tasks the list holds; older ones stay in the database. */
    public static final int MAX_LOADED = 500;
    /** How many notices are kept for late listeners; the shell shows them as they arrive. */
    static final int MAX_NOTICES = 20;

    static final String CANCELLED = "The task was cancelled.";

    private final Engine engine;
    private final BackgroundTasks work;
    /** Loads of the list: a slow older one must not overwrite a newer one. */
    private final BackgroundTasks.Latest loading = new BackgroundTasks.Latest();

    private final StringProperty input = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper submitting = new ReadOnlyBooleanWrapper(false);
    private final BooleanBinding canSubmit;
    private final ObservableList<TaskItemViewModel> tasks = FXCollections.observableArrayList();
    private final ObservableList<TaskItemViewModel> readOnlyTasks = FXCollections.unmodifiableObservableList(tasks);
    private final ObjectProperty<TaskItemViewModel> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper selectedTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper selectedInput = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper selectedResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper selectedError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper selectedTimes = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canCancelSelected = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<TaskNotice> notices = FXCollections.observableArrayList();
    private final ObservableList<TaskNotice> readOnlyNotices = FXCollections.unmodifiableObservableList(notices);
    private final Map<TaskStatus, ReadOnlyIntegerWrapper> counts = new EnumMap<>(TaskStatus.class);
    private final ReadOnlyIntegerWrapper activeCount = new ReadOnlyIntegerWrapper(0);
    private final Set<Long> cancelling = new HashSet<>();
    private final InvalidationListener showSelected = observable -> showDetails();
    private final WorkflowViewModel workflow;
    private final BooleanProperty planWithTeam = new SimpleBooleanProperty(true);
    private final BooleanProperty allowNewAgents = new SimpleBooleanProperty(false);
    /** A task to select as soon as it is listed (the one a resume started). */
    private Optional<Long> selectWhenListed = Optional.empty();

    public TasksViewModel(Engine engine, FxBridge bridge, Executor background) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.work = new BackgroundTasks(Objects.requireNonNull(background, "background"), bridge.fx());
        this.workflow = new WorkflowViewModel(engine, bridge, background);
        workflow.onResumed(this::showResumed);
        this.canSubmit = Bindings.createBooleanBinding(
                () -> !submitting.get() && input.get() != null && !input.get().isBlank(), input, submitting);
        for (TaskStatus status : TaskStatus.values()) {
            counts.put(status, new ReadOnlyIntegerWrapper(0));
        }
        selected.addListener((observable, previous, item) -> {
            if (previous != null) {
                previous.taskProperty().removeListener(showSelected);
            }
            if (item != null) {
                item.taskProperty().addListener(showSelected);
            }
            showDetails();
        });
        bridge.addListener(this::onEvent);
    }

    /** The task text the person is writing. */
    public StringProperty inputProperty() {
        return input;
    }

    public BooleanBinding canSubmitProperty() {
        return canSubmit;
    }

    public ReadOnlyBooleanProperty submittingProperty() {
        return submitting.getReadOnlyProperty();
    }

    /**
     * True (the default): the Driver plans the task with the team and the steps run as a workflow. False: the Driver
     * answers the task alone, in one reply.
     */
    public BooleanProperty planWithTeamProperty() {
        return planWithTeam;
    }

    /** Whether a specialist the plan asks for is created without asking the person first. */
    public BooleanProperty allowNewAgentsProperty() {
        return allowNewAgents;
    }

    /** The workflow of the selected task, when it runs one. */
    public WorkflowViewModel workflow() {
        return workflow;
    }

    /** The tasks, newest first, at most {@link #MAX_LOADED}. */
    public ObservableList<TaskItemViewModel> tasks() {
        return readOnlyTasks;
    }

    public ObjectProperty<TaskItemViewModel> selectedProperty() {
        return selected;
    }

    /** E.g. "Task #12 · running"; empty without a selection. */
    public ReadOnlyStringProperty selectedTitleProperty() {
        return selectedTitle.getReadOnlyProperty();
    }

    /** The full task text of the selected task. */
    public ReadOnlyStringProperty selectedInputProperty() {
        return selectedInput.getReadOnlyProperty();
    }

    /** The Driver's answer once the selected task succeeded; empty before and otherwise. */
    public ReadOnlyStringProperty selectedResultProperty() {
        return selectedResult.getReadOnlyProperty();
    }

    /** Why the selected task failed or that it was cancelled; empty otherwise. */
    public ReadOnlyStringProperty selectedErrorProperty() {
        return selectedError.getReadOnlyProperty();
    }

    /** When the selected task was created, started and finished, and how long it ran. */
    public ReadOnlyStringProperty selectedTimesProperty() {
        return selectedTimes.getReadOnlyProperty();
    }

    /** True when a queued or running task is selected and no cancel of it is under way. */
    public ReadOnlyBooleanProperty canCancelSelectedProperty() {
        return canCancelSelected.getReadOnlyProperty();
    }

    /** Why the last command (submit, load, cancel) failed, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** One notice per task that reached a finished status while the app ran, oldest first, the latest few kept. */
    public ObservableList<TaskNotice> notices() {
        return readOnlyNotices;
    }

    /** How many of the listed tasks have the given status. */
    public ReadOnlyIntegerProperty countProperty(TaskStatus status) {
        return counts.get(status).getReadOnlyProperty();
    }

    /** How many of the listed tasks are queued or running. */
    public ReadOnlyIntegerProperty activeCountProperty() {
        return activeCount.getReadOnlyProperty();
    }

    /** Loads the newest tasks from the engine; call once the engine is initialized, and again to refresh. */
    public void load() {
        error.set("");
        work.call(() -> engine.tasks(Optional.empty(), MAX_LOADED))
                .onlyIfLatest(loading)
                .onSuccess(this::merge)
                .onFailure(e -> error.set(ChatViewModel.explain(e)))
                .start("Loading the tasks");
    }

    /** Hands the input to the Driver as a background task; the new task is listed and selected. */
    public void submit() {
        if (!canSubmit.get()) {
            return;
        }
        String text = input.get().strip();
        input.set("");
        submitting.set(true);
        error.set("");
        boolean planned = planWithTeam.get();
        WorkflowLimits limits =
                allowNewAgents.get() ? WorkflowLimits.DEFAULTS.allowingNewAgents() : WorkflowLimits.DEFAULTS;
        work.call(() -> planned
                        ? engine.task(engine.workflows().start(text, limits).taskId())
                        : engine.processOperatorTask(text))
                .onSuccess(this::submitted)
                .onFailure(e -> notSubmitted(text, ChatViewModel.explain(e)))
                .start("Submitting a task");
    }

    /** Cancels a queued or running task; finished tasks are left alone. */
    public void cancel(TaskItemViewModel item) {
        if (item == null || !item.cancellable() || !cancelling.add(item.id())) {
            return;
        }
        error.set("");
        showDetails();
        long id = item.id();
        work.call(() -> engine.cancelTask(id))
                .onSuccess(task -> {
                    cancelling.remove(id);
                    upsert(task);
                    showDetails();
                })
                .onFailure(e -> {
                    cancelling.remove(id);
                    error.set(ChatViewModel.explain(e));
                    showDetails();
                })
                .start("Cancelling task " + id);
    }

    public void cancelSelected() {
        cancel(selected.get());
    }

    /** A resume runs the workflow under a new task: that task is listed and selected, so the graph goes on. */
    private void showResumed(long taskId) {
        selectWhenListed = Optional.of(taskId);
        work.call(() -> engine.task(taskId)).onSuccess(this::upsert).start("Reading task " + taskId);
    }

    private void submitted(Task task) {
        submitting.set(false);
        upsert(task);
        find(task.id()).ifPresent(selected::set);
    }

    private void notSubmitted(String text, String reason) {
        submitting.set(false);
        error.set(reason);
        // The person should not have to type the task again.
        if (input.get() == null || input.get().isBlank()) {
            input.set(text);
        }
    }

    private void onEvent(EngineEvent event) {
        if (event instanceof EngineEvent.TaskUpdated updated) {
            Task task = updated.task();
            upsert(task);
            if (task.status().isFinished()) {
                notify(TaskNotice.of(task));
            }
        }
    }

    private void notify(TaskNotice notice) {
        notices.add(notice);
        if (notices.size() > MAX_NOTICES) {
            notices.remove(0, notices.size() - MAX_NOTICES);
        }
    }

    /** Loaded tasks join those already listed: an event may have brought a newer state while the load ran. */
    private void merge(List<Task> loaded) {
        loaded.forEach(this::place);
        recount();
    }

    private void upsert(Task task) {
        place(task);
        recount();
        if (selectWhenListed.equals(Optional.of(task.id()))) {
            selectWhenListed = Optional.empty();
            find(task.id()).ifPresent(selected::set);
        }
    }

    private void place(Task task) {
        Optional<TaskItemViewModel> known = find(task.id());
        if (known.isPresent()) {
            known.get().update(task);
            return;
        }
        int index = 0;
        while (index < tasks.size() && tasks.get(index).id() > task.id()) {
            index++;
        }
        if (index >= MAX_LOADED) {
            return;
        }
        tasks.add(index, new TaskItemViewModel(task));
        if (tasks.size() > MAX_LOADED) {
            tasks.removeLast();
        }
    }

    private Optional<TaskItemViewModel> find(long taskId) {
        return tasks.stream().filter(item -> item.id() == taskId).findFirst();
    }

    private void recount() {
        Map<TaskStatus, Integer> tally = new EnumMap<>(TaskStatus.class);
        for (TaskItemViewModel item : tasks) {
            tally.merge(item.status(), 1, Integer::sum);
        }
        counts.forEach((status, count) -> count.set(tally.getOrDefault(status, 0)));
        activeCount.set(tally.getOrDefault(TaskStatus.QUEUED, 0) + tally.getOrDefault(TaskStatus.RUNNING, 0));
    }

    private void showDetails() {
        TaskItemViewModel item = selected.get();
        workflow.show(Optional.ofNullable(item).map(TaskItemViewModel::task));
        if (item == null) {
            selectedTitle.set("");
            selectedInput.set("");
            selectedResult.set("");
            selectedError.set("");
            selectedTimes.set("");
            canCancelSelected.set(false);
            return;
        }
        Task task = item.task();
        selectedTitle.set("Task #" + task.id() + " · " + task.status().wireName());
        selectedInput.set(task.input());
        selectedResult.set(task.result().orElse(""));
        selectedError.set(errorOf(task));
        selectedTimes.set(timesOf(task, item.duration()));
        canCancelSelected.set(item.cancellable() && !cancelling.contains(task.id()));
    }

    private static String errorOf(Task task) {
        return switch (task.status()) {
            case FAILED -> task.error().orElse("The task failed without a reason.");
            case CANCELLED -> CANCELLED;
            case QUEUED, RUNNING, SUCCEEDED -> "";
        };
    }

    private static String timesOf(Task task, String duration) {
        StringBuilder text = new StringBuilder("Created ").append(TaskItemViewModel.timeText(task.createdAt()));
        task.startedAt()
                .map(TaskItemViewModel::timeText)
                .ifPresent(at -> text.append(" · started ").append(at));
        task.finishedAt()
                .map(TaskItemViewModel::timeText)
                .ifPresent(at -> text.append(" · finished ").append(at));
        if (!duration.isEmpty()) {
            text.append(" · took ").append(duration);
        }
        return text.toString();
    }
}
