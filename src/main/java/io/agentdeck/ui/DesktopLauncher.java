package io.agentdeck.ui;

import io.agentdeck.config.UiSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Application;

/**
 * Starts the desktop app while its backend is still being built.
 *
 * <p>Opening the database, the engine and the knowledge index takes about as long as starting JavaFX, so the two run
 * side by side: {@link #startBuilding} builds the backend on a thread of its own, and the window opens at once with a
 * "Starting" view that becomes the shell when the backend is ready (or says why it could not start).
 *
 * <p>{@link Application#launch} creates {@link DesktopApp} itself through its no-argument constructor, so the start
 * has to wait somewhere that constructor can reach. It is parked here exactly once per process (JavaFX allows only one
 * launch per process anyway) and never replaced; everything below {@link DesktopApp} gets it by constructor.
 */
public final class DesktopLauncher {
    private static final AtomicReference<Start> START = new AtomicReference<>();

    /** What the window needs before the backend is ready (its theme and place), and the backend on its way. */
    record Start(UiSettings ui, CompletableFuture<DesktopBackend> backend) {}

    private DesktopLauncher() {}

    /** Builds the backend on a thread of its own; a failure completes the future with the reason. */
    public static CompletableFuture<DesktopBackend> startBuilding(Supplier<DesktopBackend> build) {
        CompletableFuture<DesktopBackend> backend = new CompletableFuture<>();
        Thread.ofPlatform().name("agentdeck-start").start(() -> {
            try {
                backend.complete(build.get());
            } catch (RuntimeException | Error e) {
                backend.completeExceptionally(e);
            }
        });
        return backend;
    }

    /**
     * Opens the window and blocks until it is closed; the app closes the backend on the way out, once it is built.
     * The window shows while the backend is still being built.
     */
    public static void launch(UiSettings ui, CompletableFuture<DesktopBackend> backend, String... args) {
        if (!START.compareAndSet(null, new Start(ui, backend))) {
            throw new IllegalStateException("The desktop app can be launched only once per process.");
        }
        Application.launch(DesktopApp.class, args);
    }

    static Start start() {
        Start start = START.get();
        if (start == null) {
            throw new IllegalStateException("Start the desktop app through DesktopLauncher.launch.");
        }
        return start;
    }
}
