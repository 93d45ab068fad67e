package io.agentdeck.engine.task;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Lets a running task be cancelled: the handler registers how to stop the work it started. */
public final class TaskControl {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<Runnable> onCancel = new AtomicReference<>(() -> {});

    public void onCancel(Runnable action) {
        onCancel.set(action);
        if (cancelled.get()) {
            action.run();
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            onCancel.get().run();
        }
    }
}
