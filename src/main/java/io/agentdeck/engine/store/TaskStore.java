package io.agentdeck.engine.store;

import io.agentdeck.engine.task.NewTask;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.engine.task.TaskTally;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface TaskStore {
    /** Stores a new task with status queued. */
    Task create(NewTask task);

    /** Writes status, result, error and timestamps of an existing task. */
    void update(Task task);

    /**
     * As {@link #update} but only while the stored task is still queued or running; false when it has ended meanwhile
     * (cancelled by a person, here or on another node), and then nothing is written.
     */
    boolean updateIfUnfinished(Task task);

    Optional<Task> findById(long id);

    /** Newest first. */
    List<Task> find(Optional<TaskStatus> status, int limit);

    /** The count of tasks in each status, with the unfinished ones listed, as of one moment. */
    TaskTally tally();

    /** Oldest first: the order to re-queue after a restart. */
    List<Task> findQueued();

    /** After a crash: every task still marked running becomes failed with error "interrupted". */
    int failRunning(String error, Instant at);
}
