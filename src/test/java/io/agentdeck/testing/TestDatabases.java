package io.agentdeck.testing;

import io.agentdeck.config.SettingsResolver;
import io.agentdeck.persistence.DatabaseConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which database the tests run on: the H2 file in each test's data directory (the default, as on a desktop), or a
 * PostgreSQL database of its own when the build sets {@code -Dagentdeck.test.database=postgresql} (the pom's second
 * test run, for server mode). A data directory keeps its PostgreSQL database across restarts of the app in it, as its
 * H2 file would.
 */
public final class TestDatabases {
    public static final String PROPERTY = "agentdeck.test.database";

    /** Data directory → its database's JDBC URL; filled only when the tests run on PostgreSQL. */
    private static final Map<Path, String> POSTGRES_DATABASES = new ConcurrentHashMap<>();

    private TestDatabases() {}

    /** The PostgreSQL server the test JVM shares (started on first use, stopped at exit): make a database on it. */
    public static PostgresCluster sharedPostgres() {
        return SharedPostgres.cluster();
    }

    public static boolean onPostgres() {
        return "postgresql".equals(System.getProperty(PROPERTY, "h2"));
    }

    /** What {@code AppContext} in this data directory opens, for tests that open the database themselves. */
    public static DatabaseConfig configFor(Path dataDir) {
        if (!onPostgres()) {
            return DatabaseConfig.h2File(dataDir.resolve("db").resolve("agentdeck"));
        }
        PostgresCluster cluster = SharedPostgres.cluster();
        return new DatabaseConfig(postgresUrlFor(dataDir), cluster.user(), cluster.password());
    }

    /**
     * The environment an app in this data directory gets on top of the test's own: on PostgreSQL, the database's URL
     * in the form hosting services hand out (user and password in it), which the app must read.
     */
    public static Map<String, String> environmentFor(Path dataDir, Map<String, String> testEnvironment) {
        Map<String, String> env = new HashMap<>(testEnvironment);
        if (onPostgres() && !env.containsKey(SettingsResolver.ENV_DATABASE_URL)) {
            env.putAll(postgresEnvironmentFor(dataDir));
        }
        return Map.copyOf(env);
    }

    /**
     * The environment that puts an app in this data directory on a PostgreSQL database of its own, whichever database
     * the other tests use: for tests of server mode. Apps whose data directories share a key share the database.
     */
    public static Map<String, String> postgresEnvironmentFor(Path dataDir) {
        PostgresCluster cluster = SharedPostgres.cluster();
        String jdbc = postgresUrlFor(dataDir);
        return Map.of(
                SettingsResolver.ENV_DATABASE_URL,
                jdbc.replace("jdbc:postgresql://", "postgresql://" + cluster.user() + ":" + cluster.password() + "@"));
    }

    private static String postgresUrlFor(Path dataDir) {
        Path key = dataDir.toAbsolutePath().normalize();
        dropDatabasesOfDeletedDirectories();
        return POSTGRES_DATABASES.computeIfAbsent(
                key, ignored -> SharedPostgres.cluster().createDatabase());
    }

    /**
     * A test's data directory is deleted when the test ends, and nothing can open its database again then: dropped,
     * so that a run keeps a handful of databases rather than one per test (each is several MB).
     */
    private static void dropDatabasesOfDeletedDirectories() {
        POSTGRES_DATABASES.entrySet().removeIf(entry -> {
            if (java.nio.file.Files.exists(entry.getKey())) {
                return false;
            }
            SharedPostgres.cluster().dropDatabase(entry.getValue());
            return true;
        });
    }

    /** The one server of the test JVM, started on first use: starting one takes a few seconds. */
    private static final class SharedPostgres {
        private static final PostgresCluster CLUSTER = startWithStopAtExit();

        static PostgresCluster cluster() {
            return CLUSTER;
        }

        private static PostgresCluster startWithStopAtExit() {
            PostgresCluster cluster = PostgresCluster.start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "postgres-test-server-stop"));
            return cluster;
        }
    }
}
