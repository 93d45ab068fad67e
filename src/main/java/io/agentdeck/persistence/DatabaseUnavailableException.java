package io.agentdeck.persistence;

/** The database server named in the settings cannot be used: unreachable, refused the login, or has no such database. */
public final class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Says which database and why, in the driver's own words (its first line: Flyway adds a multi-line report), and
     * never a password written into the URL.
     */
    static DatabaseUnavailableException cannotOpen(DatabaseConfig config, Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String firstLine = message.lines().findFirst().orElse(message);
        return new DatabaseUnavailableException(
                "Cannot open the database " + config.location() + ": " + DatabaseConfig.describe(firstLine), failure);
    }
}
