package io.agentdeck.testing;

import io.agentdeck.ui.FxBridge;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.util.concurrent.Executor;

/**
 * The window's ViewModels over a real app, with no JavaFX: every executor runs its work at once on the calling thread,
 * which stands in for the FX thread, so a ViewModel call has done all it will do when it returns (streamed events
 * arrive on the engine's threads, as they would). The person's answers to questions come from {@link #dialogs()}.
 */
public final class InlineShell implements AutoCloseable {
    /** Runs the work at once on the calling thread; for background, FX and bridge executors alike. */
    public static final Executor INLINE = Runnable::run;

    private final FxBridge bridge;
    private final ShellViewModel shell;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    private InlineShell(TestApp app) {
        this.bridge = new FxBridge(app.engine().events(), INLINE);
        this.shell = new ShellViewModel(app.engine(), bridge, INLINE, dialogs);
    }

    /** The shell started as the window starts it: the engine is initialized and the first agent opened. */
    public static InlineShell startedOver(TestApp app) {
        InlineShell ui = new InlineShell(app);
        ui.shell.start(() -> app.engine().initialize());
        return ui;
    }

    public ShellViewModel shell() {
        return shell;
    }

    public FxBridge bridge() {
        return bridge;
    }

    public ScriptedDialogs dialogs() {
        return dialogs;
    }

    @Override
    public void close() {
        bridge.close();
    }
}
