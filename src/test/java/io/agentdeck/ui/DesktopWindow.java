package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;

import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.TempDirectory;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real main window ({@link DesktopApp} on a {@link TestApp}) under Monocle, with a data directory of its own;
 * closed with its app, and the directory deleted, after each test. Links and documents the window opens are recorded,
 * not opened. Register it with {@code @RegisterExtension}.
 */
final class DesktopWindow implements BeforeEachCallback, AfterEachCallback {

    private Path dataDir;
    private TestApp app;
    private DesktopApp desktop;
    private final List<URI> opened = new CopyOnWriteArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        dataDir = TempDirectory.create();
    }

    /**
     * Opens the window on {@link #app()}: by default an app against a fake model of its own, as a user with a provider
     * set up would see it.
     */
    ShellViewModel open() throws Exception {
        return open(app());
    }

    /** Opens the window on an app with these model settings. */
    ShellViewModel open(ModelSettings model) throws Exception {
        return open(TestApp.start(dataDir, model));
    }

    /** Opens the window on the app and waits until the shell has started: ready, or showing why not. */
    ShellViewModel open(TestApp started) throws Exception {
        app = started;
        FxToolkit.registerPrimaryStage();
        desktop = (DesktopApp) FxToolkit.setupApplication(() -> new DesktopApp(TestAppBackend.of(app), opened::add));
        ShellViewModel shell = desktop.shell();
        waitUntil(() -> shell.state() != ShellViewModel.State.STARTING);
        WaitForAsyncUtils.waitForFxEvents();
        return shell;
    }

    /** The app the window opens (or opened) on; started against a fake model when first asked for. */
    TestApp app() {
        if (app == null) {
            app = TestApp.withFakeModel(dataDir);
        }
        return app;
    }

    /** What the window asked the desktop to open (links, documents), in order; nothing is really opened. */
    List<URI> opened() {
        return opened;
    }

    /** Where the window's app keeps its database and settings. */
    Path dataDir() {
        return dataDir;
    }

    /** Closes the window and its app now, as the user closing it would (the window's place is saved). */
    void close() throws TimeoutException {
        if (desktop != null) {
            FxToolkit.cleanupApplication(desktop);
            desktop = null;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            close();
            FxToolkit.cleanupStages();
        } finally {
            if (app != null) {
                app.close();
            }
            TempDirectory.delete(dataDir);
        }
    }

    static void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition);
    }

    /**
     * Asks the scene graph a question on the FX thread: the FX thread changes children lists while a test thread
     * walking them could read past their end.
     */
    static <T> T onFx(Callable<T> question) throws Exception {
        if (Platform.isFxApplicationThread()) {
            return question.call();
        }
        return WaitForAsyncUtils.asyncFx(question).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
