package io.agentdeck.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.agentdeck.config.Settings;
import io.agentdeck.config.UiSettings;
import io.agentdeck.ui.notify.BackgroundTaskAlerts;
import io.agentdeck.ui.notify.SystemNotifiers;
import io.agentdeck.ui.view.JavaFxDialogs;
import io.agentdeck.ui.view.StartingView;
import io.agentdeck.ui.view.ViewFactory;
import io.agentdeck.ui.view.markdown.MarkdownRenderer;
import io.agentdeck.ui.viewmodel.DashboardViewModel;
import io.agentdeck.ui.viewmodel.SettingsViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Application;
import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop shell. The window opens at once, while the backend may still be being built (see {@link
 * DesktopLauncher}); when it is ready the shell replaces the "Starting" view, then initializes the engine and starts
 * the local API off the FX thread; if the API cannot start (e.g. its port is taken) the window still works and the
 * reason is logged. A backend that cannot be built is explained in the window. Closing the window shuts the backend
 * down.
 */
public final class DesktopApp extends Application {
    public static final String TITLE = "AgentDeck";
    private static final Logger LOG = LoggerFactory.getLogger(DesktopApp.class);
    private static final List<String> STYLESHEETS =
            List.of("/io/agentdeck/ui/app.css", "/io/agentdeck/ui/dashboard.css", MarkdownRenderer.STYLESHEET);
    private static final double DEFAULT_WIDTH = 1100;
    private static final double DEFAULT_HEIGHT = 720;

    /** Absent in tests, which set the toolkit up themselves. */
    private final Optional<SoftwareRendering> rendering;
    /** Still being read while the toolkit starts, when launched by {@link DesktopLauncher}. */
    private final CompletableFuture<UiSettings> ui;

    private final BackendStart starting;
    /** What opens links and documents instead of the desktop; empty in the real app. */
    private final Optional<Consumer<URI>> linkOpener;

    /** Set on the FX thread once the backend is built and the shell shows. */
    private DesktopBackend backend;

    private ExecutorService background;
    private FxBridge bridge;
    private ShellViewModel shell;
    private DashboardViewModel dashboard;
    private Stage stage;
    private boolean stopped;
    /** Kept so that the system notifications live as long as the window. */
    private BackgroundTaskAlerts taskAlerts;

    /** Used by {@link Application#launch}: takes the start {@link DesktopLauncher} parked. */
    public DesktopApp() {
        this(DesktopLauncher.start());
    }

    private DesktopApp(DesktopLauncher.Start start) {
        this(start.ui(), start.backend(), Optional.empty(), Optional.of(start.rendering()));
    }

    /** Used by tests, which set the app up on a backend of their own. */
    public DesktopApp(DesktopBackend backend) {
        this(
                CompletableFuture.completedFuture(backend.uiSettings()),
                BackendStart.ready(backend),
                Optional.empty(),
                Optional.empty());
    }

    /** Used by tests that check what the window asks the desktop to open, without opening it. */
    public DesktopApp(DesktopBackend backend, Consumer<URI> linkOpener) {
        this(
                CompletableFuture.completedFuture(backend.uiSettings()),
                BackendStart.ready(backend),
                Optional.of(linkOpener),
                Optional.empty());
    }

    /** Used by tests of the start: the window opens with {@code ui}, then has {@code backend} built. */
    DesktopApp(UiSettings ui, BackendStart backend) {
        this(CompletableFuture.completedFuture(ui), backend, Optional.empty(), Optional.empty());
    }

    private DesktopApp(
            CompletableFuture<UiSettings> ui,
            BackendStart starting,
            Optional<Consumer<URI>> linkOpener,
            Optional<SoftwareRendering> rendering) {
        this.ui = Objects.requireNonNull(ui, "ui");
        this.starting = Objects.requireNonNull(starting, "starting");
        this.linkOpener = linkOpener;
        this.rendering = rendering;
    }

    @Override
    public void start(Stage stage) {
        UiSettings ui;
        try {
            // Read while the toolkit started; usually ready by now.
            ui = this.ui.join();
        } catch (CompletionException | CancellationException notRead) {
            // Settings that cannot be used open no window: the launch ends, and its caller says why.
            Platform.exit();
            return;
        }
        this.stage = stage;
        applyTheme(ui.theme());
        StartingView startingView = new StartingView();
        Scene scene = new Scene(
                startingView.root(),
                ui.windowWidth().orElse(DEFAULT_WIDTH),
                ui.windowHeight().orElse(DEFAULT_HEIGHT));
        for (String css : STYLESHEETS) {
            scene.getStylesheets()
                    .add(Objects.requireNonNull(DesktopApp.class.getResource(css))
                            .toExternalForm());
        }
        stage.setScene(scene);
        stage.setTitle(TITLE);
        try (InputStream icon = DesktopApp.class.getResourceAsStream("/io/agentdeck/ui/icon.png")) {
            if (icon != null) {
                stage.getIcons().add(new Image(icon));
            }
        } catch (java.io.IOException e) {
            LOG.warn("Cannot load the window icon", e);
        }
        if (WindowPlacement.isOnAScreen(ui)) {
            ui.windowX().ifPresent(stage::setX);
            ui.windowY().ifPresent(stage::setY);
        }
        stage.show();
        rendering.ifPresent(memory -> {
            // The software pipeline draws no 3D; JavaFX's GPU pipeline does.
            boolean software = !Platform.isSupported(ConditionalFeature.SCENE3D);
            Thread.ofVirtual().name("rendering-memory").start(() -> memory.remember(software, Instant.now()));
        });
        // Logged a pulse after the window was shown: how long a person waited to see it (the benchmark reads it).
        FxBridge.fxThread().execute(() -> LOG.info("Window shown {} ms after the process started", sinceStart()));
        CompletableFuture<DesktopBackend> backend = starting.backend();
        if (backend.isDone() && !backend.isCompletedExceptionally()) {
            open(backend.join());
            return;
        }
        // The build begins once the window's first pulse has laid it out, so that it does not slow the window down.
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                starting.begin();
            }
        });
        backend.whenComplete((built, failure) -> FxBridge.fxThread().execute(() -> {
            if (stopped) {
                return;
            }
            if (failure == null) {
                try {
                    open(built);
                } catch (RuntimeException e) {
                    LOG.error("The window could not show AgentDeck", e);
                    startingView.showFailure(reasonOf(e), Platform::exit);
                }
            } else {
                startingView.showFailure(reasonOf(failure), Platform::exit);
            }
        }));
    }

    /** The shell, on a built backend, in place of the "Starting" view. */
    private void open(DesktopBackend built) {
        backend = built;
        background = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().daemon().name("agentdeck-ui-", 0).factory());
        bridge = new FxBridge(backend.engine().events(), FxBridge.fxThread());
        shell = new ShellViewModel(backend.engine(), bridge, background, new JavaFxDialogs(() -> stage));
        dashboard = new DashboardViewModel(backend, bridge, background);
        SettingsViewModel settings = new SettingsViewModel(backend, bridge, background, DesktopApp::applyTheme);
        settings.onSaved(shell::refreshModelStatus);

        Consumer<URI> opener = linkOpener.orElseGet(() -> desktopOpener(stage));
        Parent root = new ViewFactory(shell, new ViewFactory.BackendPages(dashboard, settings), opener).loadShell();
        stage.getScene().setRoot(root);
        taskAlerts = new BackgroundTaskAlerts(
                shell.tasks().notices(),
                stage::isFocused,
                SystemNotifiers.detect(System.getProperty("os.name", ""), System.getenv("PATH")),
                background);

        shell.start(() -> {
            backend.initialize();
            startApi();
        });
    }

    /**
     * Milliseconds since the JVM started (the launcher execs it in the same process a few milliseconds after it
     * starts). Not {@link ProcessHandle.Info#startInstant()}: on Linux it counts from the boot time in whole seconds,
     * and logged a window shown after 0.8 s as shown after 1.5 s.
     */
    private static long sinceStart() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** What a person can act on: the innermost message, without the exception types wrapped around it. */
    public static String reasonOf(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException || cause.getMessage() == null)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank()
                ? "An unexpected " + cause.getClass().getSimpleName() + "."
                : message;
    }

    /** The shell's ViewModel, for tests that check state behind the view. */
    public ShellViewModel shell() {
        return shell;
    }

    /** Saves where the window was, so the next start opens it there; a maximized window keeps the old geometry. */
    private void rememberWindow() {
        if (backend == null || stage == null || stage.isMaximized() || stage.isIconified() || stage.isFullScreen()) {
            return;
        }
        try {
            Settings stored = backend.storedSettings();
            backend.saveSettings(stored.withUi(
                    stored.ui().withWindow(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight())));
        } catch (RuntimeException e) {
            LOG.warn("Could not remember the window's size and position: {}", e.getMessage());
        }
    }

    /** AtlantaFX's Primer theme, light or dark; applies at once to every open window. */
    private static void applyTheme(String theme) {
        Application.setUserAgentStylesheet(
                UiSettings.THEME_DARK.equals(theme)
                        ? new PrimerDark().getUserAgentStylesheet()
                        : new PrimerLight().getUserAgentStylesheet());
    }

    /**
     * Opens a link from an answer in the user's browser (the renderer only passes http, https and mailto), or a cited
     * document's file ({@code file:}) with the desktop's application for it; when nothing opens it, the person is told.
     */
    private Consumer<URI> desktopOpener(Stage stage) {
        return DesktopOpener.systemCommand()
                .<Consumer<URI>>map(command -> new DesktopOpener(
                        command, background, problem -> bridge.fx().execute(() -> tell(stage, problem)))::open)
                .orElse(uri -> getHostServices().showDocument(uri.toString()));
    }

    private static void tell(Stage stage, String problem) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, problem, ButtonType.OK);
        alert.initOwner(stage);
        alert.setTitle("Could not open");
        alert.setHeaderText(null);
        alert.show();
    }

    private void startApi() {
        try {
            int port = backend.startApi();
            LOG.info(
                    "The desktop app serves the local API on port {}; ready {} ms after the process started",
                    port,
                    sinceStart());
        } catch (RuntimeException e) {
            LOG.warn("The local API did not start; the desktop app works without it: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        stopped = true;
        rememberWindow();
        if (dashboard != null) {
            dashboard.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        if (background != null) {
            background.shutdownNow();
        }
        // A window closed while the backend is still being built waits for it, so the database is closed cleanly.
        if (!starting.begun()) {
            return;
        }
        try {
            starting.backend().join().close();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException notBuilt) {
            // Nothing was opened that needs closing.
        }
    }
}
