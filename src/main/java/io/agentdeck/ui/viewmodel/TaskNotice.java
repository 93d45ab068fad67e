package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;

/** A task reached a finished status; the shell shows the text wherever the person is in the app. */
public record TaskNotice(long taskId, TaskStatus status, String text) {

    static TaskNotice of(Task task) {
        String text = switch (task.status()) {
            case SUCCEEDED -> "Task #" + task.id() + " finished";
            case FAILED -> "Task #" + task.id() + " failed: " + task.error().orElse("no reason was given");
            case CANCELLED -> "Task #" + task.id() + " was cancelled";
            case QUEUED, RUNNING -> throw new IllegalArgumentException("Task " + task.id() + " has not finished");
        };
        return new TaskNotice(task.id(), task.status(), text);
    }
}
