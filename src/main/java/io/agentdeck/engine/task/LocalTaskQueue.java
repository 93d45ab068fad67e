package io.agentdeck.engine.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** The desktop's queue: task ids in memory, taken by a few virtual worker threads; the database says what is queued. */
public final class LocalTaskQueue implements TaskQueue {
    private final int workerCount;
    private final BlockingQueue<Long> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    public LocalTaskQueue(int workerCount) {
        this.workerCount = workerCount;
    }

    @Override
    public synchronized void start(TaskRunner runner) {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < workerCount; i++) {
            workers.add(Thread.ofVirtual().name("task-worker-" + i).start(() -> work(runner)));
        }
    }

    @Override
    public void add(long taskId) {
        if (!queue.contains(taskId)) {
            queue.add(taskId);
        }
    }

    @Override
    public boolean remove(long taskId) {
        return queue.remove(taskId);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public boolean startedAlone() {
        return true;
    }

    @Override
    public void recoveryDone() {
        // Nobody else shares the queue.
    }

    private void work(TaskRunner runner) {
        while (running) {
            long taskId;
            try {
                taskId = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            runner.run(taskId);
        }
    }

    @Override
    public synchronized void close() {
        running = false;
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
}
