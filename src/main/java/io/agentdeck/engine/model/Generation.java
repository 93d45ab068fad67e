package io.agentdeck.engine.model;

import dev.langchain4j.model.chat.response.StreamingHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** One model call in flight that someone may cancel: an Esc in the UI, {@code POST /cancel}, a deleted agent. */
public final class Generation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<StreamingHandle> streamingHandle = new AtomicReference<>();
    private final AtomicReference<Thread> caller = new AtomicReference<>();

    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            StreamingHandle handle = streamingHandle.get();
            if (handle != null) {
                handle.cancel();
            }
            Thread thread = caller.get();
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    void attach(StreamingHandle handle) {
        streamingHandle.compareAndSet(null, handle);
        if (cancelled.get()) {
            handle.cancel();
        }
    }

    /** Blocking calls are cancelled by interrupting the thread that waits on the provider. */
    void runningOn(Thread thread) {
        caller.set(thread);
    }

    void finished() {
        caller.set(null);
        // A cancel that raced with completion must not leave the lane's thread interrupted for the next job.
        Thread.interrupted();
    }
}
