package io.agentdeck.engine.task;

/**
 * Hands stored tasks to workers. On the desktop the queue lives in memory ({@link LocalTaskQueue}); when several server
 * nodes share one PostgreSQL database it lives in the database, where a job engine gives each task to exactly one node
 * and gives the task of a node that died to another one.
 */
public interface TaskQueue extends AutoCloseable {
    /** Starts handing out task ids; {@code runner} runs each to its end on the worker's thread. */
    void start(TaskRunner runner);

    /** Queues a task that is already stored (queued or, after a node died, running). Adding it twice queues it once. */
    void add(long taskId);

    /** Takes a task off the queue before any worker (here or on another node) has started it; false if one has. */
    boolean remove(long taskId);

    /**
     * True when other nodes take tasks from the same queue: a task shown as running may be running elsewhere, so
     * nothing is marked interrupted at start, and a node that stops hands its running tasks over.
     */
    boolean shared();

    /**
     * Whether no other node ran when this one started: then what the store shows as running was left by a stop, and
     * is reported interrupted as on the desktop. With others running it may be theirs.
     */
    boolean startedAlone();

    /** This node has reported what it found unfinished at start (if it started alone): other nodes may join now. */
    void recoveryDone();

    /** Stops handing out tasks and waits for the workers; what is still queued stays queued. */
    @Override
    void close();

    /** Runs one task; returns false if it stopped unfinished because this node is closing (another node goes on). */
    @FunctionalInterface
    interface TaskRunner {
        boolean run(long taskId);
    }
}
