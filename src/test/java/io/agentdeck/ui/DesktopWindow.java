package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;

import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real main window ({@link DesktopApp} on a {@link TestApp}) under Monocle, closed with its app after each test.
 * Register it with {@code @RegisterExtension}.
 */
final class DesktopWindow implements AfterEachCallback {

    private DesktopApp desktop;

    /** Opens the window on the app and waits until the shell has started: ready, or showing why not. */
    ShellViewModel open(TestApp app) throws Exception {
        FxToolkit.registerPrimaryStage();
        desktop = (DesktopApp) FxToolkit.setupApplication(() -> new DesktopApp(TestAppBackend.of(app)));
        ShellViewModel shell = desktop.shell();
        waitUntil(() -> shell.state() != ShellViewModel.State.STARTING);
        WaitForAsyncUtils.waitForFxEvents();
        return shell;
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
        close();
        FxToolkit.cleanupStages();
    }

    static void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition);
    }
}
