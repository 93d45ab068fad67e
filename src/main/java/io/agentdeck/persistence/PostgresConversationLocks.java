package io.agentdeck.persistence;

import io.agentdeck.engine.chat.ConversationLocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConversationLocks} as PostgreSQL advisory locks, all on one connection of this node's own: a node that dies
 * loses its connection and with it every conversation it held, so the other nodes go on at once. Within the node a
 * conversation is counted: the lock is taken for its first question here and let go after its last one is answered.
 * If the connection breaks, holds go on without the lock (order across nodes is then not kept until it is back) rather
 * than stopping every chat: the log says so.
 */
public final class PostgresConversationLocks implements ConversationLocks {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresConversationLocks.class);
    /** The first key of {@code pg_advisory_lock(int, int)}: "ADKC", apart from any other advisory lock. */
    private static final int NAMESPACE = 0x41444B43;

    private static final int SOCKET_TIMEOUT_SECONDS = 30;

    private final DatabaseConfig config;
    private final Map<Long, Integer> heldHere = new HashMap<>();
    private Connection connection;
    private boolean closed;

    public PostgresConversationLocks(DatabaseConfig config) {
        this.config = config;
    }

    @Override
    public synchronized Optional<Hold> tryHold(long conversationId) {
        if (closed) {
            throw new IllegalStateException("The conversation locks are closed");
        }
        Integer count = heldHere.get(conversationId);
        if (count != null) {
            heldHere.put(conversationId, count + 1);
            return Optional.of(holdOf(conversationId));
        }
        if (!lock(conversationId)) {
            return Optional.empty();
        }
        heldHere.put(conversationId, 1);
        return Optional.of(holdOf(conversationId));
    }

    private Hold holdOf(long conversationId) {
        AtomicBoolean released = new AtomicBoolean();
        // Let go on a thread of its own: the turn that ends, on its agent's lane, does not wait for the database. A
        // question taken here before that runs only counts one more hold.
        return () -> {
            if (released.compareAndSet(false, true)) {
                Thread.ofVirtual()
                        .name("conversation-" + conversationId + "-release")
                        .start(() -> release(conversationId));
            }
        };
    }

    private synchronized void release(long conversationId) {
        Integer count = heldHere.get(conversationId);
        if (count == null) {
            return;
        }
        if (count > 1) {
            heldHere.put(conversationId, count - 1);
            return;
        }
        heldHere.remove(conversationId);
        if (connection == null || closed) {
            return;
        }
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            bind(unlock, conversationId);
            unlock.execute();
        } catch (SQLException e) {
            // A broken connection let go of its locks already.
            dropConnection(e);
        }
    }

    /** Takes the lock if free; a database that cannot be asked does not hold up the chat (see the class comment). */
    private boolean lock(long conversationId) {
        try {
            if (connection == null) {
                connection = OwnConnection.open(config, SOCKET_TIMEOUT_SECONDS);
            }
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                bind(lock, conversationId);
                try (ResultSet result = lock.executeQuery()) {
                    result.next();
                    return result.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            dropConnection(e);
            return true;
        }
    }

    private void dropConnection(SQLException cause) {
        LOG.warn(
                "Could not hold a conversation on the database ({}); until it answers again, a thread's order is kept"
                        + " on each node only",
                cause.getMessage());
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // It is broken already.
            }
            connection = null;
        }
    }

    private static void bind(PreparedStatement statement, long conversationId) throws SQLException {
        statement.setInt(1, NAMESPACE);
        // Ids beyond 2^31 fold onto smaller ones: two threads then wait for each other, which is safe.
        statement.setInt(2, (int) (conversationId ^ (conversationId >>> 32)));
    }

    @Override
    public synchronized void close() {
        closed = true;
        heldHere.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the conversation locks' connection failed", e);
            }
            connection = null;
        }
    }
}
