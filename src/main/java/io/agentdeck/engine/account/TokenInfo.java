package io.agentdeck.engine.account;

import java.time.Instant;
import java.util.Optional;

/** One of a user's API tokens as it can be shown again: its name and dates, never its secret. */
public record TokenInfo(long id, long userId, String name, Instant createdAt, Optional<Instant> revokedAt) {
    public boolean isRevoked() {
        return revokedAt.isPresent();
    }
}
