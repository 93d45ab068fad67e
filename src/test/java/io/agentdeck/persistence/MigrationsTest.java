package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flyway left out of a start whose database holds this build's migrations, on a real H2 file. */
class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void theListedMigrationsAreExactlyTheFolderInVersionOrder() throws URISyntaxException, java.io.IOException {
        Path folder = Path.of(Migrations.class.getResource("/db/migration").toURI());
        List<String> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.map(path -> path.getFileName().toString())
                    .sorted(Comparator.comparingInt(MigrationsTest::version))
                    .toList();
        }
        assertThat(Migrations.COMMON).containsExactlyElementsOf(files);
    }

    private static int version(String file) {
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }

    @Test
    void aCurrentDatabaseIsNotMigratedAgain() throws SQLException {
        DatabaseConfig config = Fixtures.config(dir);
        assertThat(Migrations.apply(config)).isEqualTo(Migrations.Outcome.MIGRATED);
        assertThat(Migrations.recordedFingerprint(config)).contains(Migrations.fingerprint());
        List<String> history = history(config);

        // Flyway would refuse this changed checksum: a start that does not run it does not see it.
        execute(config, "UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345 WHERE \"version\" = '1'");
        assertThat(Migrations.apply(config)).isEqualTo(Migrations.Outcome.ALREADY_CURRENT);
        assertThat(history(config)).isEqualTo(history);
    }

    @Test
    void aFailedMigrationLeavesNoFingerprintBehind() throws SQLException {
        DatabaseConfig config = Fixtures.config(dir);
        Migrations.apply(config);
        // Another build's fingerprint, and a history Flyway refuses: the migration fails.
        execute(config, "UPDATE schema_fingerprint SET fingerprint = 'migrations of another build'");
        execute(config, "UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345 WHERE \"version\" = '1'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Migrations.apply(config))
                .hasMessageContaining("checksum mismatch");
        assertThat(Migrations.recordedFingerprint(config)).isEmpty();
    }

    @Test
    void anotherFingerprintHasFlywayRunAndCheckAgain() throws SQLException {
        DatabaseConfig config = Fixtures.config(dir);
        Migrations.apply(config);
        execute(config, "UPDATE schema_fingerprint SET fingerprint = 'migrations of an older build'");

        assertThat(Migrations.apply(config)).isEqualTo(Migrations.Outcome.MIGRATED);
        assertThat(Migrations.recordedFingerprint(config)).contains(Migrations.fingerprint());
        assertThat(Migrations.apply(config)).isEqualTo(Migrations.Outcome.ALREADY_CURRENT);
    }

    @Test
    void aDatabaseFromBeforeTheFingerprintIsMigratedAndThenLeftAlone() throws SQLException {
        DatabaseConfig config = Fixtures.config(dir);
        Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations(Migrations.LOCATION)
                .target("10")
                .load()
                .migrate();
        assertThat(Migrations.recordedFingerprint(config)).isEmpty();

        assertThat(Migrations.apply(config)).isEqualTo(Migrations.Outcome.MIGRATED);
        assertThat(history(config)).last().isEqualTo("11");
        assertThat(Migrations.apply(config)).isEqualTo(Migrations.Outcome.ALREADY_CURRENT);
    }

    @Test
    void anH2FileComesBackHeldOpenAndAServerDatabaseDoesNot() throws SQLException {
        DatabaseConfig config = Fixtures.config(dir);
        Migrations.Applied applied = Migrations.applyHolding(config);
        assertThat(applied.outcome()).isEqualTo(Migrations.Outcome.MIGRATED);
        assertThat(applied.held()).isPresent();
        try (Connection held = applied.held().get()) {
            assertThat(held.isClosed())
                    .as("the caller closes it, once its own pool has connected")
                    .isFalse();
        }

        DatabaseConfig inMemory = new DatabaseConfig(
                "jdbc:h2:mem:migrations-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        try {
            assertThat(Migrations.applyHolding(inMemory).held()).isEmpty();
        } finally {
            execute(inMemory, "SHUTDOWN");
        }
    }

    @Test
    void aDatabaseInMemoryAlwaysRunsFlyway() throws SQLException {
        DatabaseConfig config = new DatabaseConfig(
                "jdbc:h2:mem:migrations-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        try {
            assertThat(Migrations.apply(config)).isEqualTo(Migrations.Outcome.MIGRATED);
            assertThat(Migrations.apply(config)).isEqualTo(Migrations.Outcome.MIGRATED);
        } finally {
            execute(config, "SHUTDOWN");
        }
    }

    private static List<String> history(DatabaseConfig config) throws SQLException {
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT \"version\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\"")) {
            List<String> versions = new ArrayList<>();
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
            return versions;
        }
    }

    private static void execute(DatabaseConfig config, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
