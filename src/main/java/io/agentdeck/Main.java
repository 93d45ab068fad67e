package io.agentdeck;

import io.agentdeck.api.security.ApiToken;
import io.agentdeck.config.AppInfo;
import io.agentdeck.config.CommandLineOptions;
import io.agentdeck.config.CommandLineParser;
import io.agentdeck.config.ConfigurationException;
import io.agentdeck.config.DataDirectory;
import io.agentdeck.config.EffectiveSettings;
import io.agentdeck.config.LoggingSetup;
import io.agentdeck.config.SettingsResolver;
import io.agentdeck.config.SettingsStore;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Reads the command line and starts AgentDeck as the headless server (the desktop shell arrives with its issue). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int exitCode = run(args, System.getenv(), System.out, System.err);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
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
        EffectiveSettings settings;
        try {
            dataDirectory = DataDirectory.resolve(
                    options.dataDir(),
                    env,
                    System.getProperty("os.name", ""),
                    java.nio.file.Path.of(System.getProperty("user.home")));
            LoggingSetup.useLogsDirectory(dataDirectory.logsDir());
            settings = SettingsResolver.resolve(SettingsStore.in(dataDirectory).load(), env, options);
        } catch (ConfigurationException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("agentdeck: cannot use the data directory: " + e.getMessage());
            return 1;
        }
        if (!options.headless()) {
            out.println("agentdeck: the desktop window is not available in this build yet; starting the headless"
                    + " server (use --headless to skip this note).");
        }
        return runHeadless(appInfo, dataDirectory, settings, options, env, out, err);
    }

    private static int runHeadless(
            AppInfo appInfo,
            DataDirectory dataDirectory,
            EffectiveSettings settings,
            CommandLineOptions options,
            Map<String, String> env,
            PrintStream out,
            PrintStream err) {
        AppContext context = AppContext.create(appInfo, dataDirectory, settings, env);
        try {
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
