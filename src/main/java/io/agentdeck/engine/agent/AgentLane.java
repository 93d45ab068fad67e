package io.agentdeck.engine.agent;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's work queue. Up to {@code maxParallel} jobs run at once, each on its own virtual thread; jobs that share
 * an ordering key (a conversation) run one after another in the order they were submitted, so a thread's messages
 * are answered in the order its history shows them, while other threads of the same agent go ahead beside it.
 * Jobs without a key (stateless completions) only wait for a free slot.
 */
public final class AgentLane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLane.class);

    private final String name;
    private final IntSupplier maxParallel;
    private final Deque<Job<?>> queued = new ArrayDeque<>(); // guarded by this
    private final Set<Job<?>> running = new HashSet<>(); // guarded by this
    private final Set<Object> busyKeys = new HashSet<>(); // guarded by this
    private boolean closed; // guarded by this

    /** {@code maxParallel} is read at every dispatch, so a changed setting applies to the next job. */
    public AgentLane(String name, IntSupplier maxParallel) {
        this.name = name;
        this.maxParallel = maxParallel;
    }

    /** A lane that runs one job at a time. */
    public AgentLane(String name) {
        this(name, () -> 1);
    }

    /**
     * Queues {@code work}; jobs with the same present {@code orderingKey} never overlap and start in submission order.
     * {@code onCancel} is how a running job is asked to stop.
     */
    public <T> CompletableFuture<T> submit(Optional<Object> orderingKey, Supplier<T> work, Runnable onCancel) {
        Job<T> job = new Job<>(orderingKey, work, onCancel, new CompletableFuture<>());
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(
                        new EngineException(ErrorKind.CONFLICT, "This agent no longer takes messages."));
            }
            queued.addLast(job);
            dispatch();
        }
        return job.result();
    }

    /** As {@link #submit(Optional, Supplier, Runnable)} without an ordering key. */
    public <T> CompletableFuture<T> submit(Supplier<T> work, Runnable onCancel) {
        return submit(Optional.empty(), work, onCancel);
    }

    /** Jobs waiting for a slot or for an earlier job of their conversation. */
    public synchronized int queueLength() {
        return queued.size();
    }

    public synchronized boolean isWorking() {
        return !running.isEmpty();
    }

    /** Jobs running now. */
    public synchronized int runningCount() {
        return running.size();
    }

    /** Cancels the running jobs (through their own cancel hooks) and drops every queued job; returns how many. */
    public int cancelAll() {
        List<Job<?>> dropped;
        List<Job<?>> stopped;
        synchronized (this) {
            dropped = new ArrayList<>(queued);
            queued.clear();
            stopped = new ArrayList<>(running);
        }
        // Outside the lock: completing a future runs its callbacks, and a cancel hook may call back into the lane.
        dropped.forEach(job -> job.result()
                .completeExceptionally(new EngineException(ErrorKind.CANCELLED, "Cancelled before it started.")));
        stopped.forEach(job -> job.onCancel().run());
        return dropped.size() + stopped.size();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        cancelAll();
    }

    /** Starts queued jobs while there are free slots, skipping jobs whose conversation is already being answered. */
    private void dispatch() {
        int slots = Math.max(1, maxParallel.getAsInt());
        Iterator<Job<?>> candidates = queued.iterator();
        while (running.size() < slots && candidates.hasNext()) {
            Job<?> job = candidates.next();
            if (job.result().isDone()) {
                candidates.remove(); // cancelled while it waited
                continue;
            }
            Optional<Object> key = job.orderingKey();
            // Its conversation's earlier job runs: this one, and so every later one of the thread, waits for it.
            if (key.isPresent() && busyKeys.contains(key.get())) {
                continue;
            }
            candidates.remove();
            running.add(job);
            key.ifPresent(busyKeys::add);
            Thread.ofVirtual().name("lane-" + name).start(() -> run(job));
        }
    }

    private <T> void run(Job<T> job) {
        try {
            job.result().complete(job.work().get());
        } catch (RuntimeException | Error failure) {
            if (!(failure instanceof EngineException)) {
                LOG.error("Unexpected failure in an agent lane", failure);
            }
            job.result().completeExceptionally(failure);
        } finally {
            synchronized (this) {
                running.remove(job);
                job.orderingKey().ifPresent(busyKeys::remove);
                if (!closed) {
                    dispatch();
                }
            }
        }
    }

    private record Job<T>(
            Optional<Object> orderingKey, Supplier<T> work, Runnable onCancel, CompletableFuture<T> result) {}
}
