package io.agentdeck.engine.account;

import java.time.Instant;
import java.util.Objects;

/** A person (or a team's script) with an account on a team's server. */
public record User(long id, String name, Role role, Instant createdAt) {
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
