package io.agentdeck.ui;

import io.agentdeck.engine.Engine;
import io.agentdeck.testing.ScriptedDialogs;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javafx.scene.Scene;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One page of the window, on a stage of its own under Monocle, wired as the shell wires it: a bridge onto the FX
 * thread, a background executor and scripted dialogs. After each test the page's closers run on the FX thread, then
 * the stage, bridge and executor close; the app under the page is the test's to close (with {@code @AppTest}, JUnit
 * closes it after this). Register it with {@code @RegisterExtension}.
 */
final class PageStage implements AfterEachCallback {
    private final FxRobot robot = new FxRobot();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final List<Runnable> closers = new ArrayList<>();
    private FxBridge bridge;

    /** The bridge the page's ViewModels share, fed by this engine's events. */
    FxBridge bridgeTo(Engine engine) {
        if (bridge == null) {
            bridge = new FxBridge(engine.events(), FxBridge.fxThread());
        }
        return bridge;
    }

    ExecutorService background() {
        return background;
    }

    ScriptedDialogs dialogs() {
        return dialogs;
    }

    /** The shell ViewModel a page is loaded for, as the window makes it. */
    ShellViewModel shellOn(Engine engine) {
        return new ShellViewModel(engine, bridgeTo(engine), background, dialogs);
    }

    /** Runs on the FX thread after the test, before the stage closes: a page's ViewModel stopping its work. */
    void closeWith(Runnable closer) {
        closers.add(closer);
    }

    /** Shows the scene {@code page} builds on the FX thread, and waits until it is drawn. */
    void show(Supplier<Scene> page) throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            stage.setScene(page.get());
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            closers.forEach(robot::interact);
            FxToolkit.cleanupStages();
        } finally {
            if (bridge != null) {
                bridge.close();
            }
            background.shutdownNow();
        }
    }
}
