package io.agentdeck.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
    void productionConfigurationWritesIntoTheGivenDirectory() throws IOException {
        Path logs = temp.resolve("logs");
        Files.createDirectories(logs);

        LoggingSetup.useLogsDirectory(logs, Optional.of(resource("logback.xml")));
        LoggerFactory.getLogger("io.agentdeck.config.LoggingSetupTest").info("marker-7f3a");

        assertThat(System.getProperty(LoggingSetup.LOGS_DIR_PROPERTY))
                .isEqualTo(logs.toAbsolutePath().toString());
        assertThat(Files.readString(logs.resolve("agentdeck.log"))).contains("marker-7f3a");
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
