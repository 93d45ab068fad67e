package io.agentdeck.engine.task;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How many tasks there are in each status, read in one statement together with the tasks that have not finished
 * (only those can still change) and the newest task's id (newer tasks were created after the tally).
 */
public record TaskTally(Map<TaskStatus, Long> counts, Map<Long, TaskStatus> unfinished, long newestId) {
    public TaskTally {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(unfinished, "unfinished");
        Map<TaskStatus, Long> all = new EnumMap<>(TaskStatus.class);
        for (TaskStatus status : TaskStatus.values()) {
            all.put(status, counts.getOrDefault(status, 0L));
        }
        counts = Map.copyOf(all);
        unfinished = Map.copyOf(unfinished);
    }

    public long count(TaskStatus status) {
        return counts.get(status);
    }
}
