package io.agentdeck.engine.agent;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's first-in-first-out work queue, drained by a single virtual thread: a busy agent queues, while each
 * agent's lane runs in parallel with the others.
 */
public final class AgentLane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLane.class);

    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closed;
    private volatile Job<?> current;

    public AgentLane(String name) {
        this.worker = Thread.ofVirtual().name("lane-" + name).start(this::drain);
    }

    public <T> CompletableFuture<T> submit(Supplier<T> work, Runnable onCancel) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new EngineException(ErrorKind.CONFLICT, "This agent no longer takes messages."));
        }
        Job<T> job = new Job<>(work, onCancel, new CompletableFuture<>());
        queue.add(job);
        return job.result();
    }

    /** Jobs waiting behind the running one. */
    public int queueLength() {
        return queue.size();
    }

    public boolean isWorking() {
        return current != null;
    }

    /** Cancels the running job (through its own cancel hook) and drops every queued job; returns how many. */
    public int cancelAll() {
        int cancelled = 0;
        Job<?> job;
        while ((job = queue.poll()) != null) {
            job.result()
                    .completeExceptionally(new EngineException(ErrorKind.CANCELLED, "Cancelled before it started."));
            cancelled++;
        }
        Job<?> running = current;
        if (running != null) {
            running.onCancel().run();
            cancelled++;
        }
        return cancelled;
    }

    @Override
    public void close() {
        closed = true;
        cancelAll();
        worker.interrupt();
    }

    private void drain() {
        while (!closed) {
            Job<?> job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            current = job;
            try {
                run(job);
            } finally {
                current = null;
                Thread.interrupted();
            }
        }
    }

    private static <T> void run(Job<T> job) {
        if (job.result().isDone()) {
            return; // cancelled while it waited
        }
        try {
            job.result().complete(job.work().get());
        } catch (RuntimeException | Error failure) {
            if (!(failure instanceof EngineException)) {
                LOG.error("Unexpected failure in an agent lane", failure);
            }
            job.result().completeExceptionally(failure);
        }
    }

    private record Job<T>(Supplier<T> work, Runnable onCancel, CompletableFuture<T> result) {}
}
