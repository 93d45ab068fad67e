package io.agentdeck.engine.account;

import io.agentdeck.engine.EngineException;
import java.util.Locale;

/** What a user of a team's server may do: an admin manages users and the shared agents, tools and collections. */
public enum Role {
    ADMIN,
    MEMBER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws EngineException (invalid input) for anything but "admin" or "member" */
    public static Role fromWire(String text) {
        for (Role role : values()) {
            if (role.wireName().equals(text)) {
                return role;
            }
        }
        throw EngineException.invalid("'role' must be \"admin\" or \"member\".");
    }
}
