package io.agentdeck.config;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.util.StatusPrinter2;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Points the log file at the data directory's {@code logs/}. The app's logging ({@link AppLogging}) reads the
 * directory from the {@value #LOGS_DIR_PROPERTY} system property, which is only known once the command line and
 * environment have been read, so logback has to be (re)configured after that.
 *
 * <p>Main must call {@link #useLogsDirectory(Path)} before anything obtains a logger: logback configures itself on
 * first use, and lines logged before this call go to the fallback file in {@code java.io.tmpdir}. That is also why
 * {@link CommandLineParser} and {@link DataDirectory}, which run earlier, do not log.
 */
public final class LoggingSetup {

    public static final String LOGS_DIR_PROPERTY = "agentdeck.logs.dir";

    /**
     * {@code -Dagentdeck.logging=builtin} keeps the app's own logging even where a {@code logback-test.xml} is on the
     * class path or {@code -Dlogback.configurationFile} is given: the tests start the app in a process of its own with their class path, and it should log as
     * installed.
     */
    public static final String LOGGING_PROPERTY = "agentdeck.logging";

    private static final String CONFIG_FILE_PROPERTY = "logback.configurationFile";

    static final String JBOSS_LOGGING_PROVIDER = "org.jboss.logging.provider";

    private LoggingSetup() {}

    /**
     * Only names the directory, without touching SLF4J: where another thread may obtain a logger while this one sets
     * the log up (the desktop start), logback then configures itself with the right directory whichever thread
     * comes first.
     */
    public static void nameLogsDirectory(Path logsDir) {
        Objects.requireNonNull(logsDir, "logsDir");
        System.setProperty(LOGS_DIR_PROPERTY, logsDir.toAbsolutePath().toString());
        // Hibernate logs through JBoss Logging, which would choose Log4j's API first (POI needs it on the class path)
        // and reach SLF4J through Log4j's bridge: some 90 classes and Log4j's search for its settings files at every
        // start, for the same lines. Someone's own choice of provider is kept.
        if (System.getProperty(JBOSS_LOGGING_PROVIDER) == null) {
            System.setProperty(JBOSS_LOGGING_PROVIDER, "slf4j");
        }
    }

    public static void useLogsDirectory(Path logsDir) {
        useLogsDirectory(logsDir, xmlConfiguration());
    }

    /**
     * With {@code xml}, logback reads that file (tests pass {@code logback-test.xml}); without, the app's own logging
     * is set up.
     */
    static void useLogsDirectory(Path logsDir, Optional<URL> xml) {
        // Set before touching SLF4J so that, if this is the first use, the automatic configuration already sees it.
        nameLogsDirectory(logsDir);
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return; // Another SLF4J backend: the property is all we can offer.
        }
        // Logback has configured itself already (on the first logger); configure it again unless its file already
        // goes to the directory now known.
        if (xml.isEmpty()) {
            if (!AppLogging.isAppliedFor(context)) {
                AppLogging.apply(context);
            }
        } else {
            context.reset();
            var configurator = new JoranConfigurator();
            configurator.setContext(context);
            try {
                configurator.doConfigure(xml.get());
            } catch (JoranException e) {
                // Errors are also recorded in the status manager and printed below; keep running with what loaded.
            }
        }
        // A log directory that cannot be written, for example, is said on the console rather than kept quiet.
        new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
    }

    /**
     * An XML configuration that takes the place of the app's own, as logback would look for one: the file named by
     * {@code -Dlogback.configurationFile}, else {@code logback-test.xml} on the class path (the tests').
     */
    static Optional<URL> xmlConfiguration() {
        if ("builtin".equals(System.getProperty(LOGGING_PROPERTY))) {
            return Optional.empty();
        }
        String explicit = System.getProperty(CONFIG_FILE_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return toUrl(explicit.strip());
        }
        return Optional.ofNullable(LoggingSetup.class.getClassLoader().getResource("logback-test.xml"));
    }

    /** Like logback: a URL, else a class-path resource, else a file path. */
    private static Optional<URL> toUrl(String location) {
        try {
            URI uri = new URI(location);
            // A one-letter "scheme" is a Windows drive, not a protocol.
            if (uri.getScheme() != null && uri.getScheme().length() > 1) {
                return Optional.of(uri.toURL());
            }
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            // Not a URL; try the other interpretations.
        }
        URL resource = LoggingSetup.class.getClassLoader().getResource(location);
        if (resource != null) {
            return Optional.of(resource);
        }
        try {
            return Optional.of(Path.of(location).toUri().toURL());
        } catch (MalformedURLException | InvalidPathException e) {
            return Optional.empty();
        }
    }
}
