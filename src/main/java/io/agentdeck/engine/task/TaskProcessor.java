package io.agentdeck.engine.task;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.store.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's background task processor: a persisted queue drained by a few workers. Every state change is stored and
 * published, so a restart finds each task where it was. On the desktop ({@link LocalTaskQueue}) a task that was running
 * when AgentDeck stopped is marked failed with "interrupted" and queued ones of a known type run again; when several
 * server nodes share the queue, a task of a node that died is run again by another node instead, and a node that stops
 * hands its running tasks over.
 */
public final class TaskProcessor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskProcessor.class);
    public static final String INTERRUPTED = "interrupted";
    /** How often a node looks whether another node cancelled one of the tasks it runs. */
    private static final Duration CANCEL_CHECK = Duration.ofMillis(500);

    private final TaskStore store;
    private final EventBus events;
    private final Clock clock;
    private final TaskQueue queue;
    private final Map<String, TaskHandler> handlers = new ConcurrentHashMap<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Set<Long> runningHere = ConcurrentHashMap.newKeySet();
    private volatile boolean started;
    private volatile boolean closing;
    private Optional<Thread> cancelWatcher = Optional.empty();

    /** The desktop's processor: an in-memory queue with {@code workerCount} workers. */
    public TaskProcessor(TaskStore store, EventBus events, Clock clock, int workerCount) {
        this(store, events, clock, new LocalTaskQueue(workerCount));
    }

    public TaskProcessor(TaskStore store, EventBus events, Clock clock, TaskQueue queue) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.queue = queue;
    }

    /** Handlers of registered types survive a restart: queued tasks of that type are run again. */
    public void registerHandler(String type, TaskHandler handler) {
        handlers.put(type, handler);
    }

    /** True when other nodes share the queue (server mode on PostgreSQL). */
    public boolean shared() {
        return queue.shared();
    }

    /** What this node found unfinished at start is reported: other nodes sharing the database may join now. */
    public void recoveryDone() {
        queue.recoveryDone();
    }

    /** Whether this node found no other on the database at start (always, on the desktop). */
    public boolean startedAlone() {
        return queue.startedAlone();
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        if (queue.startedAlone()) {
            recoverAlone();
        } else {
            requeueUnclaimed();
        }
        started = true;
        queue.start(this::runClaimed);
        if (queue.shared()) {
            cancelWatcher =
                    Optional.of(Thread.ofVirtual().name("task-cancel-watcher").start(this::watchCancels));
        }
    }

    /**
     * Alone on the database: whatever was running stopped with the process (or the nodes) that ran it; queued work of a
     * known type runs again.
     */
    private void recoverAlone() {
        int interrupted = store.failRunning(INTERRUPTED, clock.instant());
        if (interrupted > 0) {
            LOG.warn("{} task(s) were running when AgentDeck stopped; marked failed ({})", interrupted, INTERRUPTED);
        }
        for (Task task : store.findQueued()) {
            Optional<TaskHandler> handler = Optional.ofNullable(handlers.get(task.type()));
            if (handler.isPresent()) {
                enqueue(task, handler.get(), Optional.empty());
            } else {
                finish(task.failed(INTERRUPTED, clock.instant()));
            }
        }
    }

    /**
     * Joining other nodes: the job engine holds the queue and revives the work of nodes that died. Queued tasks of a
     * known type that it does not hold (stored before the database was shared) are queued; adding one it holds changes
     * nothing.
     */
    private void requeueUnclaimed() {
        for (Task task : store.findQueued()) {
            if (handlers.containsKey(task.type())) {
                queue.add(task.id());
            }
        }
    }

    /** Queues work of a registered type. */
    public Task submit(NewTask task, Optional<Consumer<Task>> callback) {
        TaskHandler handler = Optional.ofNullable(handlers.get(task.type()))
                .orElseThrow(() -> EngineException.invalid("Unknown task type '" + task.type() + "'."));
        return submit(task, handler, callback);
    }

    /**
     * Queues arbitrary work; after a restart (or on another node, when nodes share the queue) such a task cannot be
     * run again and is marked interrupted.
     */
    public Task submit(NewTask task, TaskHandler handler, Optional<Consumer<Task>> callback) {
        Task created = store.create(task);
        publish(created);
        enqueue(created, handler, callback);
        return created;
    }

    /**
     * Queues work of a registered type after {@code prepare} has seen the stored task, so that what the handler needs
     * (a workflow naming the task) exists before any worker can pick the task up.
     */
    public Task submitPrepared(NewTask task, Consumer<Task> prepare) {
        TaskHandler handler = Optional.ofNullable(handlers.get(task.type()))
                .orElseThrow(() -> EngineException.invalid("Unknown task type '" + task.type() + "'."));
        Task created = store.create(task);
        prepare.accept(created);
        publish(created);
        enqueue(created, handler, Optional.empty());
        return created;
    }

    /** Queues the task and waits for it to finish, up to {@code timeout}; on timeout the task keeps running. */
    public Task submitAndWait(NewTask task, Duration timeout) {
        Task created = submit(task, Optional.empty());
        return await(created.id(), timeout);
    }

    /** Waits for the task to finish, here or (when the queue is shared) on another node, up to {@code timeout}. */
    public Task await(long taskId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Pending waiting = pending.get(taskId);
            Task now = require(taskId);
            long left = deadline - System.nanoTime();
            if (now.status().isFinished() || left <= 0 || (waiting == null && !queue.shared())) {
                return now;
            }
            // A task submitted here may run on another node: its outcome then only shows in the store.
            long slice = queue.shared() ? Math.min(left, CANCEL_CHECK.toNanos()) : left;
            try {
                if (waiting != null) {
                    return waiting.done().get(slice, TimeUnit.NANOSECONDS);
                }
                Thread.sleep(Duration.ofNanos(slice));
            } catch (TimeoutException e) {
                // look at the store again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return require(taskId);
            } catch (ExecutionException e) {
                return require(taskId);
            }
        }
    }

    public Optional<Task> find(long taskId) {
        return store.findById(taskId);
    }

    public List<Task> list(Optional<TaskStatus> status, int limit) {
        return store.find(status, limit);
    }

    /**
     * Cancels a queued or running task; a finished one cannot be cancelled (409). A task running on another node is
     * marked cancelled at once, and that node stops it within a moment.
     */
    public Task cancel(long taskId) {
        Task task = require(taskId);
        if (task.status().isFinished()) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    "Task " + taskId + " already " + task.status().wireName() + ".");
        }
        Pending job = pending.get(taskId);
        if (job != null) {
            job.control().cancel();
        }
        if (queue.remove(taskId)) {
            return recordCancel(require(taskId));
        }
        if (job != null && (runningHere.contains(taskId) || !queue.shared())) {
            return await(taskId, Duration.ofSeconds(5));
        }
        return recordCancel(task);
    }

    /**
     * Records a person's cancel unless the task ended meanwhile. Shared, a worker here may have claimed the task after
     * {@link #cancel} looked: the record comes first, so either that worker finds the task cancelled when it starts
     * it, or it started before and is stopped here at once (not at the watcher's next look, when it may already have
     * asked the model).
     */
    private Task recordCancel(Task task) {
        Task cancelled = task.cancelled(clock.instant());
        if (!store.updateIfUnfinished(cancelled)) {
            return require(task.id());
        }
        Pending claimed = pending.get(task.id());
        if (claimed != null) {
            claimed.control().cancel();
        }
        return settled(cancelled);
    }

    private Task require(long taskId) {
        return store.findById(taskId).orElseThrow(() -> EngineException.notFound("No task with id " + taskId + "."));
    }

    private void enqueue(Task task, TaskHandler handler, Optional<Consumer<Task>> callback) {
        // Shared, a task of a registered type may run on any node, which then makes its own record of it; one with its
        // own handler or a callback is remembered here.
        boolean runsAnywhere = queue.shared() && handlers.get(task.type()) == handler && callback.isEmpty();
        if (!runsAnywhere) {
            pending.put(task.id(), new Pending(handler, callback, new TaskControl(), new CompletableFuture<>()));
        }
        queue.add(task.id());
    }

    /** A worker took the task: runs it with the handler it was queued with, or its type's (queued elsewhere). */
    private boolean runClaimed(long taskId) {
        Optional<Task> stored = store.findById(taskId);
        if (stored.isEmpty() || stored.get().status().isFinished()) {
            pending.remove(taskId);
            return true; // cancelled while queued, or finished by a node that died before the job engine heard of it
        }
        Pending job = pending.get(taskId);
        if (job == null) {
            TaskHandler handler = handlers.get(stored.get().type());
            if (handler == null) {
                finish(stored.get().failed(INTERRUPTED, clock.instant()));
                return true;
            }
            job = new Pending(handler, Optional.empty(), new TaskControl(), new CompletableFuture<>());
            pending.put(taskId, job);
        }
        if (stored.get().status() == TaskStatus.RUNNING) {
            LOG.info(
                    "Task {} ({}) was running on a node that stopped; running it again here",
                    taskId,
                    stored.get().type());
        }
        runningHere.add(taskId);
        try {
            return execute(stored.get(), job);
        } finally {
            runningHere.remove(taskId);
        }
    }

    private boolean execute(Task queued, Pending job) {
        Task task = queued.running(clock.instant());
        if (!store.updateIfUnfinished(task)) {
            // Cancelled between the claim and now: it never starts.
            pending.remove(task.id());
            job.done().complete(require(task.id()));
            return true;
        }
        publish(task);
        Task outcome;
        try {
            String result = job.handler().run(task, job.control());
            outcome = job.control().isCancelled()
                    ? task.cancelled(clock.instant())
                    : task.succeeded(result, clock.instant());
        } catch (Exception e) {
            outcome = outcomeOfFailure(task, job.control(), e);
        } finally {
            Thread.interrupted();
        }
        // Shared: a person may have cancelled it on another node meanwhile; that record stands (one read for both).
        Optional<Task> cancelledElsewhere = queue.shared()
                ? store.findById(task.id()).filter(stored -> stored.status() == TaskStatus.CANCELLED)
                : Optional.empty();
        if (closing && queue.shared() && outcome.status() == TaskStatus.CANCELLED && cancelledElsewhere.isEmpty()) {
            // This node is stopping: another node runs the task again from the start.
            Task handedOver = task.handedOver();
            store.update(handedOver);
            publish(handedOver);
            pending.remove(task.id());
            return false;
        }
        if (cancelledElsewhere.isPresent()) {
            outcome = cancelledElsewhere.get();
        }
        finish(outcome);
        return true;
    }

    /** Shared: whether someone cancelled the task (on any node) while it ran here. */
    private boolean cancelledByPerson(long taskId) {
        return store.findById(taskId)
                .map(stored -> stored.status() == TaskStatus.CANCELLED)
                .orElse(false);
    }

    /** Shared: stops tasks running here that a person cancelled on another node. */
    private void watchCancels() {
        while (!closing) {
            try {
                Thread.sleep(CANCEL_CHECK);
                for (long taskId : Set.copyOf(runningHere)) {
                    Pending job = pending.get(taskId);
                    if (job != null && !job.control().isCancelled() && cancelledByPerson(taskId)) {
                        job.control().cancel();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debug("Could not look for cancelled tasks", e);
            }
        }
    }

    private Task outcomeOfFailure(Task task, TaskControl control, Exception failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (control.isCancelled()
                || cause instanceof InterruptedException
                || cause instanceof java.util.concurrent.CancellationException
                || (cause instanceof EngineException engine && engine.kind() == ErrorKind.CANCELLED)) {
            return task.cancelled(clock.instant());
        }
        if (cause instanceof EngineException engine) {
            return task.failed(engine.getMessage(), clock.instant());
        }
        LOG.error("Task {} ({}) failed unexpectedly", task.id(), task.type(), failure);
        return task.failed("The task failed unexpectedly; the log has the details.", clock.instant());
    }

    private Task finish(Task outcome) {
        store.update(outcome);
        return settled(outcome);
    }

    /** Tells the outcome (already stored) to listeners and to whoever waits for it here. */
    private Task settled(Task outcome) {
        publish(outcome);
        Pending job = pending.remove(outcome.id());
        if (job != null) {
            job.callback().ifPresent(callback -> runCallback(callback, outcome));
            job.done().complete(outcome);
        }
        return outcome;
    }

    private static void runCallback(Consumer<Task> callback, Task outcome) {
        try {
            callback.accept(outcome);
        } catch (RuntimeException e) {
            LOG.warn("Callback of task {} failed", outcome.id(), e);
        }
    }

    private void publish(Task task) {
        events.publish(new EngineEvent.TaskUpdated(task, clock.instant()));
    }

    /**
     * This node is about to stop: from now on a task that ends cancelled without a person asking (its workflow run saw
     * the node closing) is handed over rather than recorded, when nodes share the queue.
     */
    public void beginClosing() {
        closing = true;
    }

    /**
     * Stops the workers. Alone, running tasks are cancelled and queued ones stay queued for the next start; when nodes
     * share the queue, running tasks go back to the queue for another node.
     */
    @Override
    public synchronized void close() {
        beginClosing();
        pending.values().forEach(job -> job.control().cancel());
        cancelWatcher.ifPresent(Thread::interrupt);
        queue.close();
    }

    private record Pending(
            TaskHandler handler,
            Optional<Consumer<Task>> callback,
            TaskControl control,
            CompletableFuture<Task> done) {}
}
