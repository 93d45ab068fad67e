package io.agentdeck.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Which database AgentDeck keeps its data in. Without a URL it is the H2 file in the data directory (the desktop
 * default); with one it is that server, such as PostgreSQL for a team (docs/server-mode.md). Stored as
 * {@code "database": {"url": …, "user": …}} in {@code settings.json}; the password never is: it comes from
 * {@code AGENTDECK_DATABASE_PASSWORD}, the URL itself, or the keychain entry {@code database-password}.
 */
public record DatabaseSettings(Optional<String> url, Optional<String> user, Optional<String> password) {

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        url = url.map(String::strip).filter(text -> !text.isEmpty());
        user = user.map(String::strip).filter(text -> !text.isEmpty());
    }

    /** The H2 file in the data directory. */
    public static DatabaseSettings embedded() {
        return new DatabaseSettings(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean isEmbedded() {
        return url.isEmpty();
    }

    public DatabaseSettings withPassword(Optional<String> newPassword) {
        return new DatabaseSettings(url, user, newPassword);
    }

    /** Never prints the password, nor one written into the URL. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=%s, user=%s, password=%s]"
                .formatted(
                        url.isPresent() ? "set" : "embedded H2",
                        user.orElse("-"),
                        password.isPresent() ? "****" : "unset");
    }
}
