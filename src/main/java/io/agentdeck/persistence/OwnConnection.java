package io.agentdeck.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A connection of its own, outside the pool, for what lives as long as a session does: advisory locks and
 * {@code LISTEN}. Auto-commit, with TCP keep-alive, so that a connection dropped without a word (a NAT, a fail-over)
 * ends, and with it what the session held.
 */
final class OwnConnection {
    private OwnConnection() {}

    /** @param socketTimeoutSeconds how long a statement may wait for the server before it fails; 0 for ever */
    static Connection open(DatabaseConfig config, int socketTimeoutSeconds) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        properties.setProperty("password", config.password());
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        Connection connection = DriverManager.getConnection(config.jdbcUrl(), properties);
        connection.setAutoCommit(true);
        return connection;
    }
}
