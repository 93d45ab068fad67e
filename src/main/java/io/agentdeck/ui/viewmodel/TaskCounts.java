package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.task.TaskStatus;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * How many tasks are in each status. Remembers each known task's status, so an update moves it from its old count to
 * its new one instead of counting it twice.
 */
final class TaskCounts {
    private final Map<Long, TaskStatus> statusById = new HashMap<>();
    private final Map<TaskStatus, ReadOnlyIntegerWrapper> counts = new EnumMap<>(TaskStatus.class);

    TaskCounts() {
        for (TaskStatus status : TaskStatus.values()) {
            counts.put(status, new ReadOnlyIntegerWrapper(0));
        }
    }

    ReadOnlyIntegerProperty property(TaskStatus status) {
        return counts.get(status).getReadOnlyProperty();
    }

    void replaceAll(Map<Long, TaskStatus> statuses) {
        statusById.clear();
        statusById.putAll(statuses);
        recount();
    }

    void update(long taskId, TaskStatus status) {
        TaskStatus previous = statusById.put(taskId, status);
        if (previous != status) {
            if (previous != null) {
                counts.get(previous).set(counts.get(previous).get() - 1);
            }
            counts.get(status).set(counts.get(status).get() + 1);
        }
    }

    private void recount() {
        Map<TaskStatus, Integer> totals = new EnumMap<>(TaskStatus.class);
        statusById.values().forEach(status -> totals.merge(status, 1, Integer::sum));
        counts.forEach((status, count) -> count.set(totals.getOrDefault(status, 0)));
    }
}
