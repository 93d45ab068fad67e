package io.agentdeck.persistence;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Where the database lives and how to log in; any JDBC URL whose driver and Flyway support are on the class path. */
public record DatabaseConfig(String jdbcUrl, String user, String password) {

    private static final String H2_USER = "sa";

    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("Not a JDBC URL: " + jdbcUrl);
        }
    }

    /**
     * An embedded H2 database in {@code <basePath>.mv.db}. H2 must not close it from its own shutdown hook: the app
     * still writes (e.g. interrupted tasks) while shutting down and closes the database itself afterwards. A write
     * delay of 0 makes every commit reach the file before it returns (H2's default writes up to half a second later,
     * and a process killed in between lost acknowledged messages); see ADR 9.
     */
    public static DatabaseConfig h2File(Path basePath) {
        String path = basePath.toAbsolutePath().normalize().toString();
        if (path.contains(";")) {
            throw new IllegalArgumentException("An H2 database path must not contain ';': " + path);
        }
        return new DatabaseConfig("jdbc:h2:file:" + path + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", H2_USER, "");
    }

    /**
     * The statement that flushes committed writes from the operating system's cache to the disk, for databases that
     * do not do so on every commit themselves: embedded H2 writes its file on commit but never calls fsync then.
     * PostgreSQL flushes its write-ahead log on commit, so it needs none.
     */
    public Optional<String> flushStatement() {
        return jdbcUrl.startsWith("jdbc:h2:file:") ? Optional.of("CHECKPOINT SYNC") : Optional.empty();
    }

    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=****]";
    }
}
