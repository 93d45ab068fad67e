package io.agentdeck.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * One thread standing in for the FX thread, for ViewModel tests whose engine work runs concurrently as in the app: the
 * ViewModel is touched only on this thread, and the test reads and acts through it as a view would. (Tests that want
 * every step done when a call returns run everything inline instead: {@link InlineShell}.)
 */
public final class FxThreadStandIn implements Executor, AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("fx-stand-in").factory());

    @Override
    public void execute(Runnable command) {
        thread.execute(command);
    }

    /** Reads on this thread and waits for the answer; a failure there fails the test here. */
    public <T> T read(Supplier<T> question) {
        try {
            return CompletableFuture.supplyAsync(question, thread).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError(e.getCause());
        }
    }

    /** Acts on this thread and waits until it is done. */
    public void act(Runnable action) {
        read(() -> {
            action.run();
            return null;
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
