package io.agentdeck.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's presence on a shared database: a shared advisory lock, held on a connection of its own for as long as the
 * node runs, and let go by the server the moment the node's process ends (killed or not). The first node, finding
 * nobody present, takes the lock exclusively instead and keeps it until it has reported what the database shows as
 * running as interrupted (the leftovers of a stop, as on the desktop); a node joining meanwhile waits for that, so no
 * work of its own can be taken for a leftover. With other nodes present, running work may be theirs, and the job
 * engine gives the work of a node that died to another.
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
    /** How often the connection is checked: one lost with a restart of PostgreSQL is made again, present again. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(15);

    private final DatabaseConfig config;
    private final boolean alone;
    private Connection connection;
    private boolean exclusive;
    private boolean closed;
    private final Thread watchdog;

    private NodePresence(DatabaseConfig config, Connection connection, boolean alone) {
        this.config = config;
        this.connection = connection;
        this.alone = alone;
        this.exclusive = alone;
        this.watchdog = Thread.ofVirtual().name("node-presence").start(this::watch);
    }

    /** @throws DatabaseUnavailableException when the database cannot be asked */
    static NodePresence join(DatabaseConfig config) {
        Connection connection;
        try {
            connection = OwnConnection.open(config, 0);
        } catch (SQLException e) {
            throw DatabaseUnavailableException.cannotOpen(config, e);
        }
        try {
            // Two nodes starting at once: exactly one gets the exclusive lock, the other waits for it below.
            boolean alone = false;
            long deadline = System.nanoTime() + DEPARTURE_WAIT.toNanos();
            while (!alone && System.nanoTime() < deadline) {
                alone = tryExclusive(connection);
                if (!alone) {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                }
            }
            if (alone) {
                LOG.info("First node on the database {}", config.location());
            } else {
                joinShared(connection, config);
                LOG.info("Joining the other nodes on the database {}", config.location());
            }
            return new NodePresence(config, connection, alone);
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

    /** The first node has reported the leftovers: from now on it is present like any other, and others may join. */
    synchronized void endRecovery() {
        if (!exclusive || closed) {
            return;
        }
        try {
            run(connection, "SELECT pg_advisory_lock_shared(?, 0)");
            run(connection, "SELECT pg_advisory_unlock(?, 0)");
            exclusive = false;
        } catch (SQLException e) {
            LOG.warn("Could not let the other nodes join after the start: {}", e.getMessage());
        }
    }

    /** Waits for a first node that is still reporting leftovers; a shared lock does not wait for other shared ones. */
    private static void joinShared(Connection connection, DatabaseConfig config) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = '5s'");
        }
        while (true) {
            try {
                run(connection, "SELECT pg_advisory_lock_shared(?, 0)");
                break;
            } catch (SQLException e) {
                if (!"55P03".equals(e.getSQLState())) {
                    throw e;
                }
                LOG.info("Waiting for the first node on the database {} to finish starting", config.location());
            }
        }
        try (var statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = 0");
        }
    }

    private void watch() {
        while (true) {
            try {
                Thread.sleep(CHECK_EVERY);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    if (connection.isValid(5)) {
                        continue;
                    }
                } catch (SQLException ignored) {
                    // made again below
                }
                try {
                    Connection again = OwnConnection.open(config, 0);
                    joinShared(again, config);
                    closeQuietly(connection);
                    connection = again;
                    exclusive = false;
                    LOG.info("Present again on the database {} after its connection was lost", config.location());
                } catch (SQLException e) {
                    LOG.warn("This node's presence on the database is lost, trying again: {}", e.getMessage());
                }
            }
        }
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
        synchronized (this) {
            closed = true;
        }
        watchdog.interrupt();
        synchronized (this) {
            try {
                run(
                        connection,
                        exclusive ? "SELECT pg_advisory_unlock(?, 0)" : "SELECT pg_advisory_unlock_shared(?, 0)");
            } catch (SQLException e) {
                LOG.debug("Leaving the database failed; closing the connection leaves it", e);
            }
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing the node's presence connection failed", e);
        }
    }
}
