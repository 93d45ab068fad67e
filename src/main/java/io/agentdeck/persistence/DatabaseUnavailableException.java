package io.agentdeck.persistence;

/** The database server named in the settings cannot be used: unreachable, refused the login, or has no such database. */
public final class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
