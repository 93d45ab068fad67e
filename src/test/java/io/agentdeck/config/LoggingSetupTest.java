package io.agentdeck.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LoggingSetupTest {

    @TempDir
    Path temp;

    private String previousProperty;

    @BeforeEach
    void rememberProperty() {
        previousProperty = System.getProperty(LoggingSetup.LOGS_DIR_PROPERTY);
    }

    @AfterEach
    void restoreTestConfiguration() {
        // Other tests rely on logback-test.xml; put it back even if an assertion failed.
        LoggingSetup.useLogsDirectory(temp, Optional.of(resource("logback-test.xml")));
        if (previousProperty == null) {
            System.clearProperty(LoggingSetup.LOGS_DIR_PROPERTY);
        } else {
            System.setProperty(LoggingSetup.LOGS_DIR_PROPERTY, previousProperty);
        }
    }

    @Test
    void hibernatesLoggingGoesStraightToSlf4jUnlessAProviderWasChosen() {
        String before = System.getProperty(LoggingSetup.JBOSS_LOGGING_PROVIDER);
        try {
            System.clearProperty(LoggingSetup.JBOSS_LOGGING_PROVIDER);
            LoggingSetup.nameLogsDirectory(temp);
            assertThat(System.getProperty(LoggingSetup.JBOSS_LOGGING_PROVIDER)).isEqualTo("slf4j");

            System.setProperty(LoggingSetup.JBOSS_LOGGING_PROVIDER, "jdk");
            LoggingSetup.nameLogsDirectory(temp);
            assertThat(System.getProperty(LoggingSetup.JBOSS_LOGGING_PROVIDER)).isEqualTo("jdk");
        } finally {
            if (before == null) {
                System.clearProperty(LoggingSetup.JBOSS_LOGGING_PROVIDER);
            } else {
                System.setProperty(LoggingSetup.JBOSS_LOGGING_PROVIDER, before);
            }
        }
    }

    @Test
    void productionConfigurationWritesIntoTheGivenDirectory() throws IOException {
        Path logs = temp.resolve("logs");
        Files.createDirectories(logs);

        LoggingSetup.useLogsDirectory(logs, Optional.empty());
        LoggerFactory.getLogger("io.agentdeck.config.LoggingSetupTest").info("marker-7f3a");
        LoggerFactory.getLogger("io.agentdeck.config.LoggingSetupTest").debug("marker-debug");
        LoggerFactory.getLogger("org.hibernate.SQL").info("marker-chatty");
        LoggerFactory.getLogger("org.hibernate.SQL").warn("marker-warned");
        LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").warn("marker-no-cuda");

        assertThat(System.getProperty(LoggingSetup.LOGS_DIR_PROPERTY))
                .isEqualTo(logs.toAbsolutePath().toString());
        assertThat(Files.readString(logs.resolve("agentdeck.log")))
                .contains("marker-7f3a", "INFO  [main]", "config.LoggingSetupTest", "marker-warned")
                .doesNotContain("marker-debug", "marker-chatty", "marker-no-cuda");
    }

    @Test
    void logbackFindsTheAppsOwnLoggingAsAServiceAndItRollsTheFileAsBefore() throws IOException {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(AppLogging.class);

        Path logs = temp.resolve("rolled");
        Files.createDirectories(logs);
        LoggingSetup.useLogsDirectory(logs, Optional.empty());
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

        assertThat(root.getAppender("CONSOLE")).isInstanceOf(ConsoleAppender.class);
        var file = (RollingFileAppender<?>) root.getAppender("FILE");
        assertThat(Path.of(file.getFile())).isEqualTo(logs.resolve("agentdeck.log"));
        var rolling = (SizeAndTimeBasedRollingPolicy<?>) file.getRollingPolicy();
        assertThat(rolling.getMaxHistory()).isEqualTo(7);
        assertThat(Path.of(rolling.getFileNamePattern()).getFileName().toString())
                .isEqualTo("agentdeck.%d{yyyy-MM-dd}.%i.log.gz");
        assertThat(rolling.isStarted()).isTrue();
    }

    @Test
    void theAppsOwnLoggingStepsAsideForAnXmlFileUnlessToldToKeepItself() throws IOException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        AppLogging logging = new AppLogging();
        logging.setContext(context);

        // logback-test.xml is on the test class path: logback should read it, as it always has.
        assertThat(logging.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);

        Path logs = temp.resolve("builtin");
        Files.createDirectories(logs);
        System.setProperty(LoggingSetup.LOGS_DIR_PROPERTY, logs.toString());
        System.setProperty(LoggingSetup.LOGGING_PROPERTY, "builtin");
        try {
            assertThat(logging.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        } finally {
            System.clearProperty(LoggingSetup.LOGGING_PROPERTY);
        }
        LoggerFactory.getLogger("io.agentdeck.config.LoggingSetupTest").info("marker-c9d1");
        assertThat(Files.readString(logs.resolve("agentdeck.log"))).contains("marker-c9d1");
    }

    @Test
    void defaultLookupUsesTestConfigurationOnTheTestClassPath() throws IOException {
        LoggingSetup.useLogsDirectory(temp);
        LoggerFactory.getLogger("io.agentdeck.config.LoggingSetupTest").debug("marker-b41c");

        assertThat(temp.resolve("agentdeck.log")).doesNotExist();
        assertThat(Files.readString(Path.of("target/test-logs/agentdeck-test.log")))
                .contains("marker-b41c");
    }

    private static URL resource(String name) {
        URL url = LoggingSetupTest.class.getClassLoader().getResource(name);
        assertThat(url).as(name).isNotNull();
        return url;
    }
}
