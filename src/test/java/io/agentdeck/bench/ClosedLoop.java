package io.agentdeck.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/**
 * Clients that each send, wait for the answer and send again, on platform threads of their own: first a warm-up,
 * then a measured window that ends after a number of operations or a time, whichever comes first. The rate counts the
 * operations that ended inside the window; the latencies are those of operations wholly inside it.
 */
final class ClosedLoop {
    /** One operation of one client; returns when the first streamed token arrived (System.nanoTime), or 0. */
    @FunctionalInterface
    interface Operation {
        long run(int iteration) throws Exception;
    }

    /**
     * @param latency each counted operation, send to answer
     * @param firstToken send to first token, for operations that stream
     * @param meterDelta how much the meter (such as the server's CPU time) rose during the window; NaN without one
     */
    record Result(Samples latency, Samples firstToken, int completed, double seconds, int errors, double meterDelta) {
        double perSecond() {
            return completed / seconds;
        }

        /** The meter's rise per operation completed in the window. */
        double meterPerOperation() {
            return meterDelta / completed;
        }
    }

    private ClosedLoop() {}

    static Result run(List<Operation> clients, Duration warmUp, int maxMeasured, Duration maxWindow) {
        return run(clients, warmUp, maxMeasured, maxWindow, () -> Double.NaN);
    }

    /** As above, reading {@code meter} when the window opens and when it closes. */
    static Result run(
            List<Operation> clients, Duration warmUp, int maxMeasured, Duration maxWindow, DoubleSupplier meter) {
        Samples latency = new Samples();
        Samples firstToken = new Samples();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<Throwable> fatal = new AtomicReference<>();
        AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
        AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            Operation client = clients.get(i);
            threads.add(Thread.ofPlatform().name("client-" + i).start(() -> {
                int iteration = 0;
                while (System.nanoTime() < stopAt.get() && fatal.get() == null) {
                    long started = System.nanoTime();
                    long first;
                    try {
                        first = client.run(iteration++);
                    } catch (Rest.RateLimited e) {
                        fatal.compareAndSet(null, e);
                        return;
                    } catch (Exception e) {
                        if (errors.incrementAndGet() <= 3) {
                            System.err.println("  operation failed: " + e);
                        }
                        if (errors.get() > 100) {
                            fatal.compareAndSet(null, new IllegalStateException("Over 100 failed operations", e));
                        }
                        continue;
                    }
                    long ended = System.nanoTime();
                    if (started >= measuring.get() && ended <= stopAt.get()) {
                        latency.add(ended - started);
                        if (first > 0) {
                            firstToken.add(first - started);
                        }
                    }
                    if (ended >= measuring.get() && ended <= stopAt.get()) {
                        completed.incrementAndGet();
                    }
                }
            }));
        }
        ServerProcess.sleep(warmUp.toMillis());
        double meterAtStart = meter.getAsDouble();
        long start = System.nanoTime();
        measuring.set(start);
        long deadline = start + maxWindow.toNanos();
        while (completed.get() < maxMeasured && System.nanoTime() < deadline && fatal.get() == null) {
            ServerProcess.sleep(5);
        }
        long end = System.nanoTime();
        stopAt.set(end);
        double meterAtEnd = meter.getAsDouble();
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(90));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (fatal.get() != null) {
            if (fatal.get() instanceof RuntimeException e) {
                throw e;
            }
            throw new IllegalStateException(fatal.get());
        }
        return new Result(
                latency, firstToken, completed.get(), (end - start) / 1e9, errors.get(), meterAtEnd - meterAtStart);
    }
}
