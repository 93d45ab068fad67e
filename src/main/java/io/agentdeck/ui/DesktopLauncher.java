package io.agentdeck.ui;

import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;

/**
 * Starts the desktop app on a backend the caller has built.
 *
 * <p>{@link Application#launch} creates {@link DesktopApp} itself through its no-argument constructor, so the backend
 * has to wait somewhere that constructor can reach. It is parked here exactly once per process (JavaFX allows only
 * one launch per process anyway) and never replaced; everything below {@link DesktopApp} gets it by constructor.
 */
public final class DesktopLauncher {
    private static final AtomicReference<DesktopBackend> BACKEND = new AtomicReference<>();

    private DesktopLauncher() {}

    /** Opens the window and blocks until it is closed; the app closes the backend on the way out. */
    public static void launch(DesktopBackend backend, String... args) {
        if (!BACKEND.compareAndSet(null, backend)) {
            throw new IllegalStateException("The desktop app can be launched only once per process.");
        }
        Application.launch(DesktopApp.class, args);
    }

    static DesktopBackend backend() {
        DesktopBackend backend = BACKEND.get();
        if (backend == null) {
            throw new IllegalStateException("Start the desktop app through DesktopLauncher.launch.");
        }
        return backend;
    }
}
