package io.agentdeck.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
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

    private static final Duration RELEASE_WAIT = Duration.ofSeconds(3);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private final Connection connection;

    private SingleNodeClaim(Connection connection) {
        this.connection = connection;
    }

    /** @throws DatabaseUnavailableException when another AgentDeck holds the database, or it cannot be asked */
    static SingleNodeClaim claim(DatabaseConfig config) {
        Connection connection;
        try {
            Properties login = new Properties();
            login.setProperty("user", config.user());
            login.setProperty("password", config.password());
            // An idle connection that a firewall forgets would lose the lock without anyone noticing.
            login.setProperty("tcpKeepAlive", "true");
            connection = DriverManager.getConnection(config.jdbcUrl(), login);
        } catch (SQLException e) {
            throw DatabaseUnavailableException.cannotOpen(config, e);
        }
        try {
            // A node that has just stopped may still hold the lock for a moment: the server lets go of a session's
            // locks when its process ends, shortly after the client has closed the connection.
            long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
            while (true) {
                if (tryLock(connection)) {
                    return new SingleNodeClaim(connection);
                }
                if (System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(RETRY_PAUSE.toMillis());
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw DatabaseUnavailableException.cannotOpen(config, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(connection);
            throw DatabaseUnavailableException.cannotOpen(config, e);
        }
        closeQuietly(connection);
        throw new DatabaseUnavailableException(
                "Another AgentDeck already runs on the database " + config.location()
                        + "; several nodes on one database are not supported yet (docs/server-mode.md).",
                null);
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (var result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** Lets go of the lock before closing, so that a node started right after this one stops finds it free. */
    @Override
    public void close() {
        try (var statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, LOCK_KEY);
            statement.execute();
        } catch (SQLException e) {
            LOG.debug("Unlocking the database claim failed; closing its connection lets go of it", e);
        }
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
