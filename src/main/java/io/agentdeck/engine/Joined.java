package io.agentdeck.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Waits for work started on another thread and throws its failure as it was thrown there: a caller that handed a
 * step to a thread of its own (to overlap it with another) reports the step's own exception, not the {@link
 * CompletionException} around it.
 */
public final class Joined {
    private Joined() {}

    /** The future's result; its failure's cause when that is unchecked, else the {@link CompletionException}. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
