package io.agentdeck.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Until several nodes can share one database (they need a job engine that hands each task to one node), one
 * AgentDeck claims a database server's database for itself: a PostgreSQL session-level advisory lock, held on a
 * connection of its own for as long as the app runs. A second node is refused with a reason instead of marking the
 * first one's running work as interrupted at its start; the server drops the lock when the first node's connection
 * ends, however it ends.
 */
final class SingleNodeClaim implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleNodeClaim.class);
    /** Any fixed key will do, as long as every AgentDeck uses the same one: "AgentDck" as a number. */
    private static final long LOCK_KEY = 0x4167656e7444636bL;

    private final Connection connection;

    private SingleNodeClaim(Connection connection) {
        this.connection = connection;
    }

    /** @throws DatabaseUnavailableException when another AgentDeck holds the database, or it cannot be asked */
    static SingleNodeClaim claim(DatabaseConfig config) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
        } catch (SQLException e) {
            throw DatabaseUnavailableException.cannotOpen(config, e);
        }
        try (var statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (var result = statement.executeQuery()) {
                if (result.next() && result.getBoolean(1)) {
                    return new SingleNodeClaim(connection);
                }
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw DatabaseUnavailableException.cannotOpen(config, e);
        }
        closeQuietly(connection);
        throw new DatabaseUnavailableException(
                "Another AgentDeck already runs on the database " + config.location()
                        + "; several nodes on one database are not supported yet (docs/server-mode.md).",
                null);
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing the database claim's connection failed", e);
        }
    }
}
