package io.agentdeck.persistence;

import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.event.NodeRelay;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages between the nodes of one PostgreSQL database through {@code LISTEN/NOTIFY}. A notification names the
 * node that sent it, so that a node skips its own; a message longer than NOTIFY allows is stored in
 * {@code node_messages} and the notification carries its id. Two connections of its own, outside the pools: one that
 * listens, one that sends; each is opened again after a failure.
 */
public final class PostgresNodeRelay implements NodeRelay {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresNodeRelay.class);
    static final String CHANNEL = "agentdeck_events";
    /** PostgreSQL refuses payloads of 8,000 bytes and more; the origin and separator come on top. */
    static final int INLINE_LIMIT = 7_000;

    private static final String REFERENCE = "@";
    private static final int QUEUE = 10_000;
    private static final long RECONNECT_MILLIS = 2_000;
    private static final String KEEP_STORED = "5 minutes";
    private static final int SOCKET_TIMEOUT_SECONDS = 30;
    /** How often the listening connection is asked something, so that a dead one is noticed. */
    private static final long PING_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final DatabaseConfig config;
    private final String origin;
    private final BlockingQueue<String> outbox = new ArrayBlockingQueue<>(QUEUE);
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Thread sender;
    private final Thread receiver;
    private volatile boolean closed;

    /** @param nodeName this node's name; a random suffix tells apart two relays of one process */
    public PostgresNodeRelay(DatabaseConfig config, String nodeName) {
        this.config = config;
        this.origin =
                nodeName.replace('\n', ' ') + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.sender = Thread.ofPlatform().daemon().name("agentdeck-relay-send").unstarted(this::sendLoop);
        this.receiver =
                Thread.ofPlatform().daemon().name("agentdeck-relay-listen").unstarted(this::listenLoop);
        sender.start();
        receiver.start();
    }

    @Override
    public void send(String message) {
        if (closed) {
            return;
        }
        if (!outbox.offer(message)) {
            // The database is away or slow: the other nodes' clients re-read the API when they miss events.
            LOG.warn("Dropped a message to the other nodes: {} are waiting to be sent", QUEUE);
        }
    }

    @Override
    public EventBus.Subscription listen(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        closed = true;
        sender.interrupt();
        receiver.interrupt();
        try {
            sender.join(5_000);
            receiver.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendLoop() {
        Connection connection = null;
        while (!closed) {
            String message;
            try {
                message = outbox.take();
            } catch (InterruptedException e) {
                break;
            }
            try {
                if (connection == null || connection.isClosed()) {
                    connection = OwnConnection.open(config, SOCKET_TIMEOUT_SECONDS);
                }
                notify(connection, message);
            } catch (SQLException e) {
                LOG.warn("Could not tell the other nodes: {}", e.getMessage());
                closeQuietly(connection);
                connection = null;
                pause();
            }
        }
        closeQuietly(connection);
    }

    private void notify(Connection connection, String message) throws SQLException {
        String payload = message.getBytes(StandardCharsets.UTF_8).length <= INLINE_LIMIT
                ? message
                : REFERENCE + store(connection, message);
        try (PreparedStatement statement = connection.prepareStatement("select pg_notify(?, ?)")) {
            statement.setString(1, CHANNEL);
            statement.setString(2, origin + "\n" + payload);
            statement.execute();
        }
    }

    private static long store(Connection connection, String message) throws SQLException {
        try (Statement sweep = connection.createStatement()) {
            sweep.executeUpdate("delete from node_messages where created_at < now() - interval '" + KEEP_STORED + "'");
        }
        try (PreparedStatement insert =
                connection.prepareStatement("insert into node_messages (body) values (?) returning id")) {
            insert.setString(1, message);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private void listenLoop() {
        while (!closed) {
            try (Connection connection = OwnConnection.open(config, SOCKET_TIMEOUT_SECONDS)) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("listen " + CHANNEL);
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                long nextPing = System.nanoTime() + PING_NANOS;
                while (!closed) {
                    PGNotification[] arrived = notifications.getNotifications(500);
                    if (arrived != null) {
                        for (PGNotification notification : arrived) {
                            received(connection, notification.getParameter());
                        }
                    }
                    if (System.nanoTime() - nextPing >= 0) {
                        nextPing = System.nanoTime() + PING_NANOS;
                        try (Statement ping = connection.createStatement()) {
                            ping.execute("select 1");
                        }
                    }
                }
            } catch (SQLException e) {
                if (!closed) {
                    LOG.warn("Stopped hearing the other nodes, listening again shortly: {}", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void received(Connection connection, String payload) {
        int separator = payload.indexOf('\n');
        if (separator < 0 || payload.substring(0, separator).equals(origin)) {
            return;
        }
        String body = payload.substring(separator + 1);
        Optional<String> message;
        try {
            message = body.startsWith(REFERENCE)
                    ? stored(connection, body.substring(REFERENCE.length()))
                    : Optional.of(body);
        } catch (SQLException e) {
            LOG.warn("Could not read a long message from another node: {}", e.getMessage());
            return;
        }
        message.ifPresent(text -> listeners.forEach(listener -> {
            try {
                listener.accept(text);
            } catch (RuntimeException e) {
                LOG.warn("A listener failed on a message from another node", e);
            }
        }));
    }

    private static Optional<String> stored(Connection connection, String id) throws SQLException {
        long key;
        try {
            key = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        try (PreparedStatement select = connection.prepareStatement("select body from node_messages where id = ?")) {
            select.setLong(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing a relay connection failed", e);
            }
        }
    }
}
