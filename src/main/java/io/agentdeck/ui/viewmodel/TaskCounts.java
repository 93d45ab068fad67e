package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.engine.task.TaskTally;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * How many tasks are in each status: a tally from the database, then moved along by task events. Events can repeat
 * what the tally already holds (they are replayed after a load), so each task's last known status is kept for the
 * tasks that can still change, and a finished task from before the tally is never counted again.
 */
final class TaskCounts {
    private final Map<Long, TaskStatus> statusById = new HashMap<>();
    private final Map<TaskStatus, ReadOnlyIntegerWrapper> counts = new EnumMap<>(TaskStatus.class);
    /** Tasks up to this id are in the tally; a newer one is new to the counts. */
    private long newestTallied;

    TaskCounts() {
        for (TaskStatus status : TaskStatus.values()) {
            counts.put(status, new ReadOnlyIntegerWrapper(0));
        }
    }

    ReadOnlyIntegerProperty property(TaskStatus status) {
        return counts.get(status).getReadOnlyProperty();
    }

    void replaceAll(TaskTally tally) {
        statusById.clear();
        statusById.putAll(tally.unfinished());
        newestTallied = tally.newestId();
        counts.forEach((status, count) -> count.set(Math.toIntExact(tally.count(status))));
    }

    void update(long taskId, TaskStatus status) {
        TaskStatus previous = statusById.get(taskId);
        if (previous == null && taskId <= newestTallied) {
            return; // It had finished when the tally was taken, which counted it already.
        }
        statusById.put(taskId, status);
        if (previous != status) {
            if (previous != null) {
                counts.get(previous).set(counts.get(previous).get() - 1);
            }
            counts.get(status).set(counts.get(status).get() + 1);
        }
    }
}
