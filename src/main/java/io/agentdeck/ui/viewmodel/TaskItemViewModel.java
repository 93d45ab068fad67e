package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One task in the list. The row object stays the same while the task moves through its statuses, so a selected row
 * stays selected as the task runs.
 */
public final class TaskItemViewModel {
    static final int SHORT_INPUT_CHARS = 80;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final long id;
    private final String shortInput;
    private final String createdText;
    private final ReadOnlyObjectWrapper<Task> task;
    private final ReadOnlyObjectWrapper<TaskStatus> status;
    private final ReadOnlyStringWrapper duration;

    TaskItemViewModel(Task task) {
        this.id = task.id();
        this.shortInput = shorten(task.input());
        this.createdText = timeText(task.createdAt());
        this.task = new ReadOnlyObjectWrapper<>(task);
        this.status = new ReadOnlyObjectWrapper<>(task.status());
        this.duration = new ReadOnlyStringWrapper(durationText(task));
    }

    public long id() {
        return id;
    }

    /** The first line of the input, cut to fit a table cell. */
    public String shortInput() {
        return shortInput;
    }

    /** When the task was created, as a person reads it: the time of day for today, else date and time. */
    public String createdText() {
        return createdText;
    }

    public ReadOnlyObjectProperty<Task> taskProperty() {
        return task.getReadOnlyProperty();
    }

    public Task task() {
        return task.get();
    }

    public ReadOnlyObjectProperty<TaskStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public TaskStatus status() {
        return status.get();
    }

    /** How long the task ran once it finished; empty before. */
    public ReadOnlyStringProperty durationProperty() {
        return duration.getReadOnlyProperty();
    }

    public String duration() {
        return duration.get();
    }

    /** Only queued and running tasks can be cancelled. */
    public boolean cancellable() {
        return !status().isFinished();
    }

    /**
     * Takes a newer state of the task. Events and command results can arrive out of order, so a state that lies
     * behind the shown one (e.g. "queued" after "running") is ignored.
     */
    boolean update(Task newer) {
        if (rank(newer.status()) < rank(task.get().status())) {
            return false;
        }
        // The task changes last: listeners of it read the status and duration.
        duration.set(durationText(newer));
        status.set(newer.status());
        task.set(newer);
        return true;
    }

    private static int rank(TaskStatus status) {
        return switch (status) {
            case QUEUED -> 0;
            case RUNNING -> 1;
            case SUCCEEDED, FAILED, CANCELLED -> 2;
        };
    }

    static String shorten(String input) {
        String firstLine = input.strip().lines().findFirst().orElse("");
        boolean cut = firstLine.length() > SHORT_INPUT_CHARS;
        String shown = cut ? firstLine.substring(0, SHORT_INPUT_CHARS - 1).stripTrailing() : firstLine;
        return cut || firstLine.length() < input.strip().length() ? shown + "…" : shown;
    }

    static String timeText(Instant at) {
        ZonedDateTime local = at.atZone(ZoneId.systemDefault());
        return local.toLocalDate().equals(LocalDate.now(ZoneId.systemDefault()))
                ? TIME.format(local)
                : DATE_TIME.format(local);
    }

    static String durationText(Task task) {
        if (task.finishedAt().isEmpty()) {
            return "";
        }
        Instant start = task.startedAt().orElse(task.createdAt());
        return formatDuration(Duration.between(start, task.finishedAt().get()));
    }

    static String formatDuration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
