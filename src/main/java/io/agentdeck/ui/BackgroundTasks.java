package io.agentdeck.ui;

import io.agentdeck.engine.EngineException;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a ViewModel does blocking work (in the spirit of JabRef's {@code BackgroundTask}): the work runs on the
 * background executor, and its result or its failure is delivered on the FX executor, where the ViewModel may touch
 * its properties. A result that a newer run of the same kind has overtaken can be dropped ({@link Latest}). Tests pass
 * synchronous executors ({@link #synchronous()}), so a ViewModel's flow runs to its end within the call.
 *
 * <pre>{@code
 * tasks.call(() -> engine.listTasks(100))
 *         .onlyIfLatest(listing)
 *         .onSuccess(this::show)
 *         .onFailure(e -> error.set(explain(e)))
 *         .start("Listing tasks");
 * }</pre>
 */
public final class BackgroundTasks {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);

    private final Executor background;
    private final Executor fx;

    public BackgroundTasks(Executor background, Executor fx) {
        this.background = Objects.requireNonNull(background, "background");
        this.fx = Objects.requireNonNull(fx, "fx");
    }

    /** Runs everything on the calling thread: for tests. */
    public static BackgroundTasks synchronous() {
        return new BackgroundTasks(Runnable::run, Runnable::run);
    }

    /**
     * Logs a failure once, here, so that the ViewModels need not: an {@link EngineException} is an expected outcome
     * (a bad input, a missing model) and its message says it all; anything else is a bug worth its stack trace.
     */
    private static void log(String what, RuntimeException failure) {
        if (failure instanceof EngineException) {
            LOG.warn("{} failed: {}", what, failure.getMessage());
        } else {
            LOG.error("{} failed", what, failure);
        }
    }

    /** Work with a result. */
    public <T> Task<T> call(Supplier<T> work) {
        return new Task<>(Objects.requireNonNull(work, "work"));
    }

    /** Work without a result. */
    public Task<Void> run(Runnable work) {
        Objects.requireNonNull(work, "work");
        return new Task<>(() -> {
            work.run();
            return null;
        });
    }

    /**
     * The newest run of one kind of work (loading a list, say): an older run that finishes after a newer one started
     * delivers nothing, so a slow answer never overwrites a fresh one.
     */
    public static final class Latest {
        private final AtomicLong newest = new AtomicLong();

        long next() {
            return newest.incrementAndGet();
        }

        boolean isNewest(long run) {
            return newest.get() == run;
        }

        /** Makes every run under way stale, e.g. when what they load for is closed. */
        public void invalidate() {
            newest.incrementAndGet();
        }
    }

    /** One piece of work, configured and then started once. */
    public final class Task<T> {
        private final Supplier<T> work;
        private Consumer<? super T> onSuccess = result -> {};
        private Consumer<? super RuntimeException> onFailure = failure -> {};
        private Latest latest;

        private Task(Supplier<T> work) {
            this.work = work;
        }

        /** Called on the FX executor with the result. */
        public Task<T> onSuccess(Consumer<? super T> handler) {
            this.onSuccess = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Called on the FX executor when the work threw; the failure is logged already (see {@link #log}). */
        public Task<T> onFailure(Consumer<? super RuntimeException> handler) {
            this.onFailure = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Delivers the outcome only if no newer run of {@code kind} started meanwhile. */
        public Task<T> onlyIfLatest(Latest kind) {
            this.latest = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /** Starts the work; {@code what} names it in the log when it fails ("Cancelling task 4"). */
        public void start(String what) {
            long run = latest == null ? 0 : latest.next();
            try {
                execute(run, what);
            } catch (RejectedExecutionException closing) {
                // The window is closing and its executor has stopped: nobody is left to show the outcome to.
                LOG.debug("Not started, the window is closing: {}", what);
            }
        }

        private void execute(long run, String what) {
            background.execute(() -> {
                Runnable delivery;
                try {
                    T result = work.get();
                    delivery = () -> onSuccess.accept(result);
                } catch (RuntimeException failure) {
                    log(what, failure);
                    delivery = () -> onFailure.accept(failure);
                }
                Runnable deliver = delivery;
                try {
                    fx.execute(() -> {
                        if (latest == null || latest.isNewest(run)) {
                            deliver.run();
                        }
                    });
                } catch (RejectedExecutionException closed) {
                    // The window closed while the work ran: the outcome has no one to go to. Thrown here, on the
                    // background thread, it would only reach the uncaught-exception handler.
                    LOG.debug("Outcome dropped, the window has closed: {}", what);
                }
            });
        }
    }
}
