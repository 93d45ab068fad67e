package io.agentdeck.api.security;

import io.agentdeck.engine.account.User;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who made a request: the operator (the server's own token, the desktop's one user, or anybody when authentication
 * is off), or a user of a team's server with their role.
 */
public record Caller(Optional<User> user) {
    /** The request attribute the security filter leaves for the routes. */
    public static final String ATTRIBUTE = "agentdeck.caller";

    public static final Caller OPERATOR = new Caller(Optional.empty());

    public static Caller of(User user) {
        return new Caller(Optional.of(user));
    }

    /** The caller of a request that passed the security filter; the operator where no filter ran. */
    public static Caller of(Context ctx) {
        Object caller = ctx.attribute(ATTRIBUTE);
        return caller instanceof Caller known ? known : OPERATOR;
    }

    public boolean isAdmin() {
        return user.map(User::isAdmin).orElse(true);
    }

    public boolean isOperator() {
        return user.isEmpty();
    }

    /** The rate limiter's bucket: a user's own, or the one the server's token shares. */
    String rateLimitKey() {
        return user.map(known -> "user:" + known.id()).orElse(SecurityGate.TOKEN_CLIENT);
    }
}
