package io.agentdeck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.config.AppInfo;
import io.agentdeck.config.CommandLineOptions;
import io.agentdeck.config.DataDirectory;
import io.agentdeck.config.EffectiveSettings;
import io.agentdeck.config.ServerSettings;
import io.agentdeck.config.SettingsResolver;
import io.agentdeck.config.UiSettings;
import io.agentdeck.config.secrets.FileSecretStore;
import io.agentdeck.config.secrets.SecretStore;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.persistence.DatabaseUnavailableException;
import io.agentdeck.testing.PostgresCluster;
import io.agentdeck.testing.TempDirectory;
import io.agentdeck.ui.DesktopApp;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server mode's database, on a real PostgreSQL server of the test's own: chosen by {@code AGENTDECK_DATABASE_URL} or
 * settings.json, the password from the environment, the URL or the keychain entry, and a clear refusal (never the
 * password) when the server cannot be used.
 */
class ServerDatabaseTest {
    private static PostgresCluster postgres;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresCluster.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.stop();
    }

    @Test
    void theAppRunsOnTheServerNamedByTheEnvironmentAndNeverLogsItsPassword() throws Exception {
        String database = postgres.createDatabase();
        String hostingForm = database.replace(
                "jdbc:postgresql://", "postgresql://" + postgres.user() + ":" + postgres.password() + "@");

        try (AppContext context = start(Map.of(SettingsResolver.ENV_DATABASE_URL, hostingForm))) {
            context.initialize();

            assertThat(context.databaseLocation())
                    .isEqualTo("PostgreSQL 127.0.0.1:" + postgres.port() + "/"
                            + database.substring(database.lastIndexOf('/') + 1));
            assertThat(context.engine().agents()).hasSize(3);
            assertThat(agentsIn(database))
                    .as("the core agents are rows on the server")
                    .isEqualTo(3);
            assertThat(Files.exists(dataDir.resolve("db").resolve("agentdeck.mv.db")))
                    .as("no H2 file is made beside it")
                    .isFalse();
        }
        assertThat(Files.readString(Path.of("target/test-logs/agentdeck-test.log"), StandardCharsets.UTF_8))
                .contains("Using the database PostgreSQL 127.0.0.1:" + postgres.port())
                .doesNotContain(postgres.password());
    }

    @Test
    void settingsJsonNamesTheServerAndTheKeychainEntryHoldsItsPassword() throws Exception {
        String database = postgres.createDatabase();
        Files.writeString(
                dataDir.resolve("settings.json"), """
                {"database": {"url": "%s", "user": "%s"}}""".formatted(database, postgres.user()), StandardCharsets.UTF_8);
        FileSecretStore.in(dataDir).write(SecretStore.DATABASE_PASSWORD, postgres.password());

        try (AppContext context = start(Map.of())) {
            context.initialize();
            assertThat(context.databaseLocation()).startsWith("PostgreSQL ");
        }
        assertThat(agentsIn(database)).isEqualTo(3);
        assertThat(Files.readString(dataDir.resolve("settings.json"), StandardCharsets.UTF_8))
                .doesNotContain(postgres.password());
    }

    @Test
    void aWrongPasswordIsRefusedClearlyWithoutShowingItAndTheRightOneThenWorks() throws Exception {
        String database = postgres.createDatabase();
        String url = database.replace("jdbc:postgresql://", "postgresql://" + postgres.user() + ":wrong-secret-42@");

        assertThatThrownBy(() -> start(Map.of(SettingsResolver.ENV_DATABASE_URL, url)))
                .isInstanceOf(DatabaseUnavailableException.class)
                .satisfies(e -> assertThat(DesktopApp.reasonOf(e))
                        .startsWith("Cannot open the database PostgreSQL 127.0.0.1:" + postgres.port())
                        .contains("password authentication failed")
                        .doesNotContain("wrong-secret-42")
                        .doesNotContain("\n"));
        // The failed start let go of the data directory: the next one, with the right password, opens it.
        try (AppContext context = start(Map.of(
                SettingsResolver.ENV_DATABASE_URL, database,
                SettingsResolver.ENV_DATABASE_USER, postgres.user(),
                SettingsResolver.ENV_DATABASE_PASSWORD, postgres.password()))) {
            context.initialize();
        }
        assertThat(agentsIn(database)).isEqualTo(3);
    }

    @Test
    void anUnreachableServerOrAMissingDatabaseSaysSo() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> start(Map.of(
                        SettingsResolver.ENV_DATABASE_URL,
                        "postgresql://127.0.0.1:" + closedPort + "/agentdeck",
                        SettingsResolver.ENV_DATABASE_USER,
                        "deck")))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("PostgreSQL 127.0.0.1:" + closedPort + "/agentdeck")
                .hasMessageContaining("refused");

        Path other = TempDirectory.create();
        try {
            assertThatThrownBy(() -> start(
                            other,
                            Map.of(
                                    SettingsResolver.ENV_DATABASE_URL,
                                    postgres.jdbcUrl("no_such_database"),
                                    SettingsResolver.ENV_DATABASE_USER,
                                    postgres.user(),
                                    SettingsResolver.ENV_DATABASE_PASSWORD,
                                    postgres.password())))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("no_such_database")
                    .hasMessageContaining("does not exist");
        } finally {
            TempDirectory.delete(other);
        }
    }

    @Test
    void aSecondNodeJoinsTheFirstWithNothingButTheDatabaseUrl() throws Exception {
        String database = postgres.createDatabase();
        Map<String, String> env = Map.of(
                SettingsResolver.ENV_DATABASE_URL, database,
                SettingsResolver.ENV_DATABASE_USER, postgres.user(),
                SettingsResolver.ENV_DATABASE_PASSWORD, postgres.password());
        Path secondNode = TempDirectory.create();
        try (AppContext first = start(env)) {
            first.initialize();
            try (AppContext second = start(secondNode, env)) {
                second.initialize();
                second.engine().createConversation(1, "made on the second node");
                assertThat(first.engine().conversations(1))
                        .extracting(conversation -> conversation.title())
                        .contains("made on the second node");
                assertThat(second.engine().agents()).hasSize(3);
            }
            assertThat(first.engine().agents()).as("the first node goes on").hasSize(3);
        } finally {
            TempDirectory.delete(secondNode);
        }
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefusedBeforeAnythingOpens() {
        assertThatThrownBy(() -> start(Map.of(SettingsResolver.ENV_DATABASE_URL, "mysql://root:pw@db/agentdeck")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a PostgreSQL one");
    }

    private AppContext start(Map<String, String> env) throws IOException {
        return start(dataDir, env);
    }

    private static AppContext start(Path dir, Map<String, String> env) throws IOException {
        var settings = new EffectiveSettings(
                ModelSettings.none(), new ServerSettings("127.0.0.1", 5000, true), UiSettings.defaults());
        return AppContext.create(
                new AppInfo("AgentDeck", "test"),
                DataDirectory.open(dir),
                settings,
                env,
                CommandLineOptions.defaults(),
                FileSecretStore.in(dir));
    }

    private int agentsIn(String database) throws SQLException {
        try (var connection = DriverManager.getConnection(database, postgres.user(), postgres.password());
                var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM agents")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
