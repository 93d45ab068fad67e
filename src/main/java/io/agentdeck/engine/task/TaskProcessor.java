package io.agentdeck.engine.task;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.store.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's background task processor: a persisted queue drained by a few worker threads. Every state change is
 * stored and published, so a restart finds each task where it was (a task that was running is marked failed with
 * "interrupted"; queued ones of a known type run again).
 */
public final class TaskProcessor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskProcessor.class);
    public static final String INTERRUPTED = "interrupted";

    private final TaskStore store;
    private final EventBus events;
    private final Clock clock;
    private final int workerCount;
    private final BlockingQueue<Long> queue = new LinkedBlockingQueue<>();
    private final Map<String, TaskHandler> handlers = new ConcurrentHashMap<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    public TaskProcessor(TaskStore store, EventBus events, Clock clock, int workerCount) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.workerCount = workerCount;
    }

    /** Handlers of registered types survive a restart: queued tasks of that type are run again. */
    public void registerHandler(String type, TaskHandler handler) {
        handlers.put(type, handler);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
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
        running = true;
        for (int i = 0; i < workerCount; i++) {
            workers.add(Thread.ofVirtual().name("task-worker-" + i).start(this::work));
        }
    }

    /** Queues work of a registered type. */
    public Task submit(NewTask task, Optional<Consumer<Task>> callback) {
        TaskHandler handler = Optional.ofNullable(handlers.get(task.type()))
                .orElseThrow(() -> EngineException.invalid("Unknown task type '" + task.type() + "'."));
        return submit(task, handler, callback);
    }

    /** Queues arbitrary work; after a restart such a task cannot be run again and is marked interrupted. */
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

    public Task await(long taskId, Duration timeout) {
        Pending waiting = pending.get(taskId);
        if (waiting == null) {
            return require(taskId);
        }
        try {
            return waiting.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return require(taskId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return require(taskId);
        } catch (ExecutionException e) {
            return require(taskId);
        }
    }

    public Optional<Task> find(long taskId) {
        return store.findById(taskId);
    }

    public List<Task> list(Optional<TaskStatus> status, int limit) {
        return store.find(status, limit);
    }

    /** Cancels a queued or running task; a finished one cannot be cancelled (409). */
    public Task cancel(long taskId) {
        Task task = require(taskId);
        if (task.status().isFinished()) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    "Task " + taskId + " already " + task.status().wireName() + ".");
        }
        Pending job = pending.get(taskId);
        if (job == null) {
            return finish(task.cancelled(clock.instant()));
        }
        job.control().cancel();
        if (queue.remove(taskId)) {
            return finish(require(taskId).cancelled(clock.instant()));
        }
        return await(taskId, Duration.ofSeconds(5));
    }

    private Task require(long taskId) {
        return store.findById(taskId).orElseThrow(() -> EngineException.notFound("No task with id " + taskId + "."));
    }

    private void enqueue(Task task, TaskHandler handler, Optional<Consumer<Task>> callback) {
        pending.put(task.id(), new Pending(handler, callback, new TaskControl(), new CompletableFuture<>()));
        queue.add(task.id());
    }

    private void work() {
        while (running) {
            long taskId;
            try {
                taskId = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            Pending job = pending.get(taskId);
            Optional<Task> stored = store.findById(taskId);
            if (job == null || stored.isEmpty()) {
                continue;
            }
            execute(stored.get(), job);
        }
    }

    private void execute(Task queued, Pending job) {
        Task task = queued.running(clock.instant());
        store.update(task);
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
        finish(outcome);
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

    /** Stops the workers; tasks still running are cancelled, queued ones stay queued for the next start. */
    @Override
    public synchronized void close() {
        running = false;
        pending.values().forEach(job -> job.control().cancel());
        workers.forEach(Thread::interrupt);
        for (Thread worker : workers) {
            try {
                worker.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
    }

    private record Pending(
            TaskHandler handler,
            Optional<Consumer<Task>> callback,
            TaskControl control,
            CompletableFuture<Task> done) {}
}
