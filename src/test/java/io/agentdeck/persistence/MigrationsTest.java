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

        assertThat(Migrations.apply(config)).isEqualTo(Migrations.Outcome.ALREADY_CURRENT);
        assertThat(history(config)).isEqualTo(history);
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
    void aDatabaseInMemoryAlwaysRunsFlyway() {
        DatabaseConfig config = new DatabaseConfig("jdbc:h2:mem:migrations-test;DB_CLOSE_DELAY=-1", "sa", "");
        assertThat(Migrations.apply(config)).isEqualTo(Migrations.Outcome.MIGRATED);
        assertThat(Migrations.apply(config)).isEqualTo(Migrations.Outcome.MIGRATED);
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
