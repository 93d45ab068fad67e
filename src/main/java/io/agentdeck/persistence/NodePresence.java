package io.agentdeck.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's presence on a shared database: a shared advisory lock, held on a connection of its own for as long as the
 * node runs, and let go by the server the moment the node's process ends (killed or not). On joining, a node asks
 * whether it is alone: only then may it take whatever the database shows as running for the leftovers of a stop, and
 * report it interrupted as the desktop does; with other nodes present, that work may be theirs, and the job engine
 * gives the work of a node that died to another.
 */
final class NodePresence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodePresence.class);
    /** The keys of {@code pg_advisory_lock(int, int)}: "ADKN" and 0, apart from the conversations' locks. */
    private static final int NAMESPACE = 0x41444B4E;

    /**
     * A node that has just stopped may still be present for a moment: the server lets go of a session's locks when its
     * process ends, shortly after the client closed the connection. A node joining others waits this long at start.
     */
    private static final Duration DEPARTURE_WAIT = Duration.ofSeconds(2);

    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private final Connection connection;
    private final boolean alone;

    private NodePresence(Connection connection, boolean alone) {
        this.connection = connection;
        this.alone = alone;
    }

    /** @throws DatabaseUnavailableException when the database cannot be asked */
    static NodePresence join(DatabaseConfig config) {
        Connection connection;
        try {
            Properties login = new Properties();
            login.setProperty("user", config.user());
            login.setProperty("password", config.password());
            // An idle connection that a firewall forgets would end the presence without anyone noticing.
            login.setProperty("tcpKeepAlive", "true");
            connection = DriverManager.getConnection(config.jdbcUrl(), login);
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw DatabaseUnavailableException.cannotOpen(config, e);
        }
        try {
            run(connection, "SELECT pg_advisory_lock_shared(?, 0)");
            // A session's own shared lock does not stand in the way of its exclusive one: only other nodes' do.
            boolean alone = false;
            long deadline = System.nanoTime() + DEPARTURE_WAIT.toNanos();
            while (!alone && System.nanoTime() < deadline) {
                alone = tryExclusive(connection);
                if (!alone) {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                }
            }
            if (alone) {
                run(connection, "SELECT pg_advisory_unlock(?, 0)");
                LOG.info("First node on the database {}", config.location());
            } else {
                LOG.info("Joining the other nodes on the database {}", config.location());
            }
            return new NodePresence(connection, alone);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw DatabaseUnavailableException.cannotOpen(config, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(connection);
            throw DatabaseUnavailableException.cannotOpen(config, e);
        }
    }

    /** Whether no other node was present when this one joined. */
    boolean wasAlone() {
        return alone;
    }

    private static boolean tryExclusive(Connection connection) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?, 0)")) {
            statement.setInt(1, NAMESPACE);
            try (var result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static void run(Connection connection, String sql) throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
            statement.setInt(1, NAMESPACE);
            statement.execute();
        }
    }

    /** Leaves before closing, so that a node started right after this one finds itself alone at once. */
    @Override
    public void close() {
        try {
            run(connection, "SELECT pg_advisory_unlock_shared(?, 0)");
        } catch (SQLException e) {
            LOG.debug("Leaving the database failed; closing the connection leaves it", e);
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing the node's presence connection failed", e);
        }
    }
}
