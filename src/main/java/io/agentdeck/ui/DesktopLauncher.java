package io.agentdeck.ui;

import io.agentdeck.config.UiSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;

/**
 * Starts the desktop app before its backend is built: the window opens at once with a "Starting" view, the backend is
 * built once it shows (see {@link BackendStart}), and the view becomes the shell when it is ready or says why it could
 * not start.
 *
 * <p>{@link Application#launch} creates {@link DesktopApp} itself through its no-argument constructor, so the start
 * has to wait somewhere that constructor can reach. It is parked here exactly once per process (JavaFX allows only one
 * launch per process anyway) and never replaced; everything below {@link DesktopApp} gets it by constructor.
 */
public final class DesktopLauncher {
    private static final AtomicReference<Start> START = new AtomicReference<>();

    /**
     * What the window needs before the backend is ready (its theme and place), still being read while the toolkit
     * starts, and the backend to build.
     */
    record Start(CompletableFuture<UiSettings> ui, BackendStart backend, SoftwareRendering rendering) {}

    private DesktopLauncher() {}

    /**
     * Opens the window and blocks until it is closed; the app closes the backend on the way out, once it is built. The
     * app waits for {@code ui} once the toolkit has started; if it fails, no window opens. {@code rendering} has been
     * applied already and hears what JavaFX found.
     */
    public static void launch(
            CompletableFuture<UiSettings> ui, BackendStart backend, SoftwareRendering rendering, String... args) {
        if (!START.compareAndSet(null, new Start(ui, backend, rendering))) {
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
