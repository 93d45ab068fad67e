package io.agentdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class BackgroundTasksTest {
    /** Runs what it is given when the test says so, like a thread that has not got there yet. */
    private static final class ManualExecutor implements Executor {
        private final Deque<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            queued.add(command);
        }

        void runAll() {
            while (!queued.isEmpty()) {
                queued.poll().run();
            }
        }
    }

    private final List<String> fxThreadSaw = new ArrayList<>();

    @Test
    void theResultArrivesOnTheFxExecutorAfterTheWorkRanInTheBackground() {
        ManualExecutor background = new ManualExecutor();
        ManualExecutor fx = new ManualExecutor();
        BackgroundTasks tasks = new BackgroundTasks(background, fx);

        tasks.call(() -> "loaded").onSuccess(fxThreadSaw::add).start("Loading");
        assertThat(fxThreadSaw).isEmpty();
        background.runAll();
        assertThat(fxThreadSaw).as("not before the FX executor runs it").isEmpty();
        fx.runAll();

        assertThat(fxThreadSaw).containsExactly("loaded");
    }

    @Test
    void aFailureIsDeliveredInsteadOfTheResult() {
        BackgroundTasks.synchronous()
                .call(() -> {
                    throw new IllegalStateException("the database is gone");
                })
                .onSuccess(result -> fxThreadSaw.add("success"))
                .onFailure(failure -> fxThreadSaw.add(failure.getMessage()))
                .start("Loading");

        assertThat(fxThreadSaw).containsExactly("the database is gone");
    }

    @Test
    void aSlowOlderRunIsDroppedWhenANewerOneStarted() {
        ManualExecutor fx = new ManualExecutor();
        Deque<Runnable> slowFirst = new ArrayDeque<>();
        BackgroundTasks tasks = new BackgroundTasks(slowFirst::add, fx);
        BackgroundTasks.Latest listing = new BackgroundTasks.Latest();

        tasks.call(() -> "old list")
                .onlyIfLatest(listing)
                .onSuccess(fxThreadSaw::add)
                .start("Listing");
        tasks.call(() -> "new list")
                .onlyIfLatest(listing)
                .onSuccess(fxThreadSaw::add)
                .start("Listing");
        slowFirst.pollLast().run(); // the newer run finishes first
        slowFirst.pollLast().run();
        fx.runAll();

        assertThat(fxThreadSaw).containsExactly("new list");
    }

    @Test
    void invalidatingDropsEveryRunUnderWay() {
        ManualExecutor background = new ManualExecutor();
        BackgroundTasks tasks = new BackgroundTasks(background, Runnable::run);
        BackgroundTasks.Latest history = new BackgroundTasks.Latest();

        tasks.run(() -> fxThreadSaw.add("loaded in the background"))
                .onlyIfLatest(history)
                .onSuccess(ignored -> fxThreadSaw.add("shown"))
                .start("Loading the history");
        history.invalidate();
        background.runAll();

        assertThat(fxThreadSaw).containsExactly("loaded in the background");
    }

    @Test
    void workStartedWhileTheWindowClosesIsDroppedQuietly() {
        java.util.concurrent.ExecutorService closed = java.util.concurrent.Executors.newSingleThreadExecutor();
        closed.shutdown();
        List<String> outcomes = new ArrayList<>();
        BackgroundTasks tasks = new BackgroundTasks(closed, Runnable::run);

        tasks.call(() -> "late")
                .onSuccess(outcomes::add)
                .onFailure(failure -> outcomes.add("failed"))
                .start("Polling after close");

        assertThat(outcomes).isEmpty();
    }

    @Test
    void anOutcomeArrivingAfterTheWindowClosedIsDroppedOnItsBackgroundThread() throws Exception {
        java.util.concurrent.ExecutorService closedFx = java.util.concurrent.Executors.newSingleThreadExecutor();
        closedFx.shutdown();
        List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> started = new ArrayList<>();
        java.util.concurrent.Executor background = command -> {
            Thread thread = Thread.ofPlatform()
                    .uncaughtExceptionHandler((t, failure) -> uncaught.add(failure))
                    .start(command);
            started.add(thread);
        };
        BackgroundTasks tasks = new BackgroundTasks(background, closedFx);

        tasks.call(() -> "finished after close").start("Loading while the window closes");
        tasks.call(() -> {
                    throw new IllegalStateException("failed after close");
                })
                .start("Failing while the window closes");
        for (Thread thread : started) {
            thread.join();
        }

        assertThat(uncaught).isEmpty();
    }
}
