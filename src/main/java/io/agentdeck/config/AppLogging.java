package io.agentdeck.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.Map;

/**
 * The app's logging, set up in code: the console, and {@code agentdeck.log} in the directory named by the
 * {@value LoggingSetup#LOGS_DIR_PROPERTY} system property (the temp directory until it is known), rolled daily and at
 * 10 MB, seven days and 100 MB kept. In code rather than in {@code logback.xml} because reading XML configuration
 * loads logback's configuration framework and an XML parser, about 600 classes at every start and in the AOT cache,
 * for a configuration that never changes.
 *
 * <p>Logback finds it as a service ({@code META-INF/services}) before it looks for XML. An explicit
 * {@code -Dlogback.configurationFile} or a {@code logback-test.xml} on the class path (the tests') still wins: then
 * this steps aside and logback reads that file.
 */
public final class AppLogging extends ContextAwareBase implements Configurator {
    private static final String FILE_NAME = "agentdeck.log";
    private static final String FILE_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    private static final String CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

    /** Libraries that are chatty at INFO or DEBUG, and the level each gets. */
    private static final Map<String, Level> QUIETER = Map.ofEntries(
            Map.entry("org.eclipse.jetty", Level.WARN),
            Map.entry("io.javalin", Level.INFO),
            Map.entry("org.hibernate", Level.WARN),
            Map.entry("com.zaxxer.hikari", Level.WARN),
            Map.entry("h2database", Level.WARN),
            Map.entry("org.h2", Level.WARN),
            Map.entry("org.flywaydb", Level.INFO),
            Map.entry("dev.langchain4j", Level.INFO),
            Map.entry("ai.djl", Level.WARN),
            // DJL looks for CUDA at the first embedding and warns twice where there is none; the embedding model runs
            // on the CPU either way, so people were told of a fault that is not one.
            Map.entry("ai.djl.util.cuda", Level.ERROR),
            // Reading people's files: a damaged file already becomes that document's error, and these warn about
            // every odd font or broken part in it.
            Map.entry("org.apache.pdfbox", Level.ERROR),
            Map.entry("org.apache.fontbox", Level.ERROR),
            Map.entry("org.apache.poi", Level.ERROR),
            Map.entry("org.apache.tika", Level.WARN),
            Map.entry("io.agentdeck", Level.INFO));

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (LoggingSetup.xmlConfiguration().isPresent()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Replaces whatever {@code context} was configured with by the app's logging. */
    static void apply(LoggerContext context) {
        context.reset();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console(context));
        root.addAppender(file(context, logsDirectory()));
        QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    /**
     * Whether {@code context} already holds the app's logging with its file in the directory now named: logback
     * configures itself at the first logger, and {@link LoggingSetup} sets the directory before that, so the usual
     * start needs no second configuration.
     */
    static boolean isAppliedFor(LoggerContext context) {
        return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("FILE")
                        instanceof RollingFileAppender<?> file
                && logsDirectory().resolve(FILE_NAME).toString().equals(file.getFile());
    }

    private static Path logsDirectory() {
        String dir = System.getProperty(LoggingSetup.LOGS_DIR_PROPERTY);
        return Path.of(dir != null && !dir.isBlank() ? dir : System.getProperty("java.io.tmpdir"));
    }

    private static Appender<ILoggingEvent> console(LoggerContext context) {
        var console = new ConsoleAppender<ILoggingEvent>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder(context, CONSOLE_PATTERN));
        console.start();
        return console;
    }

    private static Appender<ILoggingEvent> file(LoggerContext context, Path dir) {
        var file = new RollingFileAppender<ILoggingEvent>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(dir.resolve(FILE_NAME).toString());
        var rolling = new SizeAndTimeBasedRollingPolicy<ILoggingEvent>();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(
                dir.resolve("agentdeck.%d{yyyy-MM-dd}.%i.log.gz").toString());
        rolling.setMaxFileSize(FileSize.valueOf("10MB"));
        rolling.setMaxHistory(7);
        rolling.setTotalSizeCap(FileSize.valueOf("100MB"));
        rolling.start();
        file.setRollingPolicy(rolling);
        file.setEncoder(encoder(context, FILE_PATTERN));
        file.start();
        return file;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
