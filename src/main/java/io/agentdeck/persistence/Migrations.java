package io.agentdeck.persistence;

import io.agentdeck.engine.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date before Hibernate, which neither creates nor validates it, starts.
 *
 * <p>On the desktop's own database file Flyway runs only when the migrations changed since they were last applied to
 * it: after applying them, their fingerprint (a hash of every migration's name and text) is stored in the database,
 * and a start that finds its own fingerprint there has nothing to migrate. Flyway otherwise loaded about 300 classes
 * and took about 0.2 s of CPU at every start, on two cores beside Hibernate's boot, to find that out. A new, changed or
 * missing migration changes the fingerprint, so Flyway runs and checks as before; so it does for a database restored
 * from a backup made before a migration. A database server shared by several nodes always runs Flyway, which
 * serializes the nodes' migrations, and so does a database in memory.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    static final String LOCATION = "classpath:db/migration";
    /** Tables only server mode needs (the shared task queue), numbered between the common ones. */
    static final String POSTGRESQL_LOCATION = "classpath:db/postgresql";

    /** The files in {@link #LOCATION}, in order; {@code MigrationsTest} checks it against the folder. */
    static final List<String> COMMON = List.of(
            "V1__initial_schema.sql",
            "V2__memory_view_and_parallel_replies.sql",
            "V3__tools_and_approvals.sql",
            "V4__workflows.sql",
            "V5__workflow_delegation.sql",
            "V6__knowledge_base.sql",
            "V7__reply_speed.sql",
            "V8__accounts.sql",
            "V9__ownership.sql",
            "V10__approval_task.sql",
            "V11__schema_fingerprint.sql");

    /** What a start did to the schema. */
    enum Outcome {
        /** Flyway ran: it applied what was missing, or found nothing to apply. */
        MIGRATED,
        /** The database holds this build's fingerprint: Flyway was not needed. */
        ALREADY_CURRENT
    }

    private Migrations() {}

    /**
     * What a start did to the schema, and for an H2 file the connection that read the fingerprint, still open: an H2
     * file closes with its last connection, and the caller keeps this one until its own pool has connected, so that
     * the file is not opened twice. A database server is not held.
     */
    record Applied(Outcome outcome, Optional<Connection> held) {}

    /** Brings the schema up to date; see {@link Applied}. Nothing stays open when it fails. */
    static Applied applyHolding(DatabaseConfig config) {
        if (!config.isH2File()) {
            migrate(config);
            return new Applied(Outcome.MIGRATED, Optional.empty());
        }
        Connection connection = holdOpen(config);
        try {
            return new Applied(apply(config, connection), Optional.of(connection));
        } catch (RuntimeException | Error e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** As {@link #applyHolding}, closing what it held. */
    static Outcome apply(DatabaseConfig config) {
        Applied applied = applyHolding(config);
        applied.held().ifPresent(held -> {
            try {
                held.close();
            } catch (SQLException closing) {
                throw new IllegalStateException("Cannot close the database " + config.location(), closing);
            }
        });
        return applied.outcome();
    }

    /** A connection to the database, which an H2 file stays open for until it is closed. */
    private static Connection holdOpen(DatabaseConfig config) {
        try {
            return connect(config);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the database " + config.location() + ": " + e.getMessage(), e);
        }
    }

    /** For an H2 file, reading and storing the fingerprint over {@code connection}, which the caller closes. */
    private static Outcome apply(DatabaseConfig config, Connection connection) {
        String fingerprint = fingerprint();
        Optional<String> recorded = recordedFingerprint(connection);
        if (recorded.filter(fingerprint::equals).isPresent()) {
            return Outcome.ALREADY_CURRENT;
        }
        if (recorded.isPresent()) {
            // Forgotten before Flyway starts: a migration that fails half-way (H2 cannot roll back its DDL) must not
            // leave a fingerprint behind that an older build would take for a current schema.
            forget(connection);
        }
        migrate(config);
        record(connection, fingerprint);
        return Outcome.MIGRATED;
    }

    private static void migrate(DatabaseConfig config) {
        Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations(config.isEmbedded() ? new String[] {LOCATION} : new String[] {LOCATION, POSTGRESQL_LOCATION})
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    /** SHA-256 over each migration's name and text, in order. */
    static String fingerprint() {
        try {
            Sha256 digest = Sha256.start();
            for (String name : COMMON) {
                digest.add(name.getBytes(StandardCharsets.UTF_8)).add((byte) 0);
                try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("The migration " + name + " is missing from the build.");
                    }
                    digest.add(in.readAllBytes());
                }
                digest.add((byte) 0);
            }
            return digest.hex();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the database migrations", e);
        }
    }

    /** The fingerprint stored in the database, if any (none before the first migration, or before V11). */
    static Optional<String> recordedFingerprint(DatabaseConfig config) {
        try (Connection connection = connect(config)) {
            return recordedFingerprint(connection);
        } catch (SQLException unreadable) {
            return Optional.empty();
        }
    }

    private static Optional<String> recordedFingerprint(Connection connection) {
        try (PreparedStatement query =
                        connection.prepareStatement("SELECT fingerprint FROM schema_fingerprint WHERE id = 1");
                ResultSet row = query.executeQuery()) {
            return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
        } catch (SQLException noneOrUnreadable) {
            // No such table yet, or a database that cannot be read: Flyway runs and says what is wrong, if anything.
            return Optional.empty();
        }
    }

    private static void forget(Connection connection) {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM schema_fingerprint")) {
            delete.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot clear the schema's fingerprint: " + e.getMessage(), e);
        }
    }

    /** Stores the fingerprint; a failure only costs the next start a Flyway run, so it is logged, not thrown. */
    private static void record(Connection connection, String fingerprint) {
        try (PreparedStatement merge =
                connection.prepareStatement("MERGE INTO schema_fingerprint (id, fingerprint) KEY (id) VALUES (1, ?)")) {
            merge.setString(1, fingerprint);
            merge.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            LOG.warn(
                    "Could not record the migrations' fingerprint; the next start runs Flyway again: {}",
                    e.getMessage());
        }
    }

    private static Connection connect(DatabaseConfig config) throws SQLException {
        Connection connection = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
        connection.setAutoCommit(false);
        return connection;
    }
}
