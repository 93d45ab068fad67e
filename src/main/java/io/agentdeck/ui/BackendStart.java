package io.agentdeck.ui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The backend on its way: built on a thread of its own once the window is on screen. Opening the database, the
 * engine and the knowledge index takes seconds; started together with JavaFX on a 2-core machine, it held the window
 * back by about 0.4 s (measured: 2.0–2.3 s against 1.65–1.75 s to a viewable window), while the window costs the
 * build little once shown. So the window comes first and the build right after it.
 */
public final class BackendStart {
    private final Supplier<DesktopBackend> build;
    private final CompletableFuture<DesktopBackend> backend = new CompletableFuture<>();
    private final AtomicBoolean begun = new AtomicBoolean();

    private BackendStart(Supplier<DesktopBackend> build) {
        this.build = build;
    }

    /** A backend {@code build} makes when {@link #begin} is first called. */
    public static BackendStart of(Supplier<DesktopBackend> build) {
        return new BackendStart(build);
    }

    /** A backend that is ready already (tests, or an application that built it first). */
    public static BackendStart ready(DesktopBackend built) {
        BackendStart start = new BackendStart(() -> built);
        start.begun.set(true);
        start.backend.complete(built);
        return start;
    }

    /** Starts building on a thread of its own; later calls do nothing. A failure completes the future with it. */
    public void begin() {
        if (!begun.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().name("agentdeck-start").start(() -> {
            try {
                backend.complete(build.get());
            } catch (RuntimeException | Error e) {
                backend.completeExceptionally(e);
            }
        });
    }

    /**
     * Makes sure no build begins any more (the JVM is stopping); returns whether one had begun, which then has to be
     * waited for and closed.
     */
    public boolean cancelUnlessBegun() {
        if (begun.compareAndSet(false, true)) {
            backend.completeExceptionally(new IllegalStateException("AgentDeck was stopped while starting."));
            return false;
        }
        return true;
    }

    /** Whether {@link #begin} was called: a build never begun has nothing to close. */
    public boolean begun() {
        return begun.get();
    }

    /** The backend, once built, or why it could not be. */
    public CompletableFuture<DesktopBackend> backend() {
        return backend;
    }
}
