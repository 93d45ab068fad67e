package io.agentdeck;

import io.agentdeck.api.security.ApiToken;
import io.agentdeck.config.AppInfo;
import io.agentdeck.config.CommandLineOptions;
import io.agentdeck.config.CommandLineParser;
import io.agentdeck.config.ConfigurationException;
import io.agentdeck.config.DataDirectory;
import io.agentdeck.config.EffectiveSettings;
import io.agentdeck.config.LoggingSetup;
import io.agentdeck.config.SettingsRepository;
import io.agentdeck.config.SettingsResolver;
import io.agentdeck.config.SettingsStore;
import io.agentdeck.config.secrets.SecretStore;
import io.agentdeck.config.secrets.SecretStores;
import io.agentdeck.ui.BackendStart;
import io.agentdeck.ui.DesktopApp;
import io.agentdeck.ui.DesktopLauncher;
import io.agentdeck.ui.SoftwareRendering;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/** Reads the command line and starts AgentDeck: the desktop window, or with {@code --headless} the server alone. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int exitCode = run(args, System.getenv(), System.out, System.err);
        // Exit explicitly, also on success: llama.cpp's native threads (a local model) outlive the model's release
        // and would keep the JVM running after the window closed.
        System.exit(exitCode);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("users")) {
            return UsersCommand.run(List.of(args).subList(1, args.length), env, out, err);
        }
        CommandLineOptions options;
        try {
            options = CommandLineParser.parse(args);
        } catch (ConfigurationException e) {
            err.println(e.getMessage());
            return 2;
        }
        AppInfo appInfo = AppInfo.current();
        if (options.help()) {
            out.println(CommandLineParser.usage());
            return 0;
        }
        if (options.version()) {
            out.println(appInfo.displayName());
            return 0;
        }
        DataDirectory dataDirectory;
        try {
            dataDirectory = dataDirectory(options.dataDir(), env);
        } catch (IOException e) {
            return cannotStart(e, err);
        }
        if (!options.headless()) {
            // The log, the keychain's answer and the settings (about 0.12 s on 2 cores) are made ready while JavaFX
            // starts its toolkit; the window waits for them only once the toolkit is up.
            // The JavaFX threads may ask for a logger while the log is being set up: the directory is named first.
            LoggingSetup.nameLogsDirectory(dataDirectory.logsDir());
            CompletableFuture<Configured> configured = new CompletableFuture<>();
            Thread.ofPlatform().name("agentdeck-settings").start(() -> {
                try {
                    configured.complete(configure(dataDirectory, env, options));
                } catch (ConfigurationException | IOException | RuntimeException | Error e) {
                    // Also an Error: the window waits for this, and would otherwise wait for ever.
                    configured.completeExceptionally(e);
                }
            });
            return runDesktop(
                    configured,
                    SoftwareRendering.in(dataDirectory.root(), env),
                    built -> AppContext.create(appInfo, dataDirectory, built.settings(), env, options, built.secrets()),
                    err);
        }
        Configured configured;
        try {
            configured = configure(dataDirectory, env, options);
        } catch (ConfigurationException | IOException e) {
            return cannotStart(e, err);
        }
        EffectiveSettings settings = configured.settings();
        AppContext context;
        try {
            context = AppContext.create(appInfo, dataDirectory, settings, env, options, configured.secrets());
        } catch (RuntimeException e) {
            err.println("agentdeck: could not start: " + DesktopApp.reasonOf(e));
            return 1;
        }
        return runHeadless(context, appInfo, settings, options, out, err);
    }

    /** The settings in effect and where the secrets are kept. */
    private record Configured(EffectiveSettings settings, SecretStore secrets) {}

    /** Sets up the log in the data directory, finds the keychain and reads the settings, as the start needs them. */
    private static Configured configure(
            DataDirectory dataDirectory, Map<String, String> env, CommandLineOptions options)
            throws ConfigurationException, IOException {
        LoggingSetup.useLogsDirectory(dataDirectory.logsDir());
        SecretStore secrets = secretsOf(dataDirectory);
        var stored = new SettingsRepository(SettingsStore.in(dataDirectory), secrets).load();
        return new Configured(SettingsResolver.resolve(stored, env, options), secrets);
    }

    /** Says why the configuration could not be read, with the exit code for it: 2 for a bad setting, else 1. */
    private static int cannotStart(Throwable failure, PrintStream err) {
        if (failure instanceof ConfigurationException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (failure instanceof IOException e) {
            err.println("agentdeck: cannot use the data directory: " + e.getMessage());
            return 1;
        }
        err.println("agentdeck: could not start: " + DesktopApp.reasonOf(failure));
        return 1;
    }

    /** The data directory of {@code --data-dir}, else of the environment, else this system's usual place. */
    static DataDirectory dataDirectory(Optional<Path> flag, Map<String, String> env) throws IOException {
        return DataDirectory.resolve(
                flag, env, System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")));
    }

    /** Where the secrets of that data directory are kept: the system keychain, else an owner-only file. */
    static SecretStore secretsOf(DataDirectory dataDirectory) {
        return SecretStores.detect(dataDirectory.root(), System.getProperty("os.name", ""));
    }

    /**
     * Opens the desktop window and blocks until it is closed; the window's app shuts the context down. The toolkit
     * starts while {@code configured} is read; the context is built once the window shows.
     */
    private static int runDesktop(
            CompletableFuture<Configured> configured,
            SoftwareRendering rendering,
            Function<Configured, AppContext> build,
            PrintStream err) {
        BackendStart backend = BackendStart.of(() -> new ContextBackend(build.apply(configured.join())));
        backend.backend().thenRun(() -> HeapAfterStart.ofThisJvm().releaseSoon());
        // SIGTERM while the window is open: close the database and what runs; a closed window does it itself.
        Thread onSignal = Thread.ofPlatform().unstarted(() -> closeWhenBuilt(backend));
        Runtime.getRuntime().addShutdownHook(onSignal);
        rendering.applyIfRemembered(System.getProperties(), Instant.now());
        try {
            DesktopLauncher.launch(
                    configured.thenApply(built -> built.settings().ui()), backend, rendering);
        } catch (RuntimeException e) {
            removeHook(onSignal);
            closeWhenBuilt(backend);
            // A setting that cannot be used is said as such, also where the window could not have opened anyway.
            Optional<Throwable> notConfigured = failureOf(configured);
            if (notConfigured.isPresent()) {
                return cannotStart(notConfigured.get(), err);
            }
            err.println("agentdeck: cannot open the desktop window (" + e.getMessage()
                    + "); use --headless to run the server without a window.");
            return 1;
        }
        removeHook(onSignal);
        Optional<Throwable> notConfigured = failureOf(configured);
        if (notConfigured.isPresent()) {
            // The app opened no window and built nothing.
            return cannotStart(notConfigured.get(), err);
        }
        if (backend.backend().isCompletedExceptionally()) {
            err.println("agentdeck: could not start: "
                    + DesktopApp.reasonOf(backend.backend().exceptionNow()));
            return 1;
        }
        return 0;
    }

    /** Waits for {@code configured} and returns why it failed, if it did. */
    private static Optional<Throwable> failureOf(CompletableFuture<Configured> configured) {
        try {
            configured.join();
            return Optional.empty();
        } catch (CompletionException | CancellationException e) {
            return Optional.of(e.getCause() != null ? e.getCause() : e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The window closed because the JVM is stopping; the hook closes the context.
        }
    }

    private static void closeWhenBuilt(BackendStart backend) {
        // Also stops a build that has not begun yet from beginning while the JVM stops.
        if (!backend.cancelUnlessBegun()) {
            return;
        }
        try {
            backend.backend().join().close();
        } catch (RuntimeException notBuilt) {
            // Nothing was opened that needs closing.
        }
    }

    private static int runHeadless(
            AppContext context,
            AppInfo appInfo,
            EffectiveSettings settings,
            CommandLineOptions options,
            PrintStream out,
            PrintStream err) {
        try {
            // The API's routes are built beside the engine's start; it listens once the agents are there (startApi
            // waits for a build still under way).
            Thread.ofPlatform().name("api-prepare").start(context::prepareApi);
            if (!options.noAutoInit()) {
                context.initialize();
            }
            int port = context.startApi();
            out.println(appInfo.displayName() + " API listening on http://"
                    + settings.server().host() + ":" + port);
            context.apiToken()
                    .ifPresent(token -> out.println("API token: "
                            + (token.isOverridden()
                                    ? "from " + ApiToken.ENV_OVERRIDE
                                    : "in " + token.file() + " (send it as 'Authorization: Bearer <token>')")));
            if (!settings.modelConfigured()) {
                out.println(EffectiveSettings.NO_MODEL_MESSAGE);
            }
            HeapAfterStart.ofThisJvm().releaseSoon();
        } catch (RuntimeException e) {
            err.println("agentdeck: " + PortInUse.explain(e, settings.server().port()));
            context.close();
            return 1;
        }
        // SIGTERM and Ctrl+C: stop accepting, cancel what runs, close the database, then let main return.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            context.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
