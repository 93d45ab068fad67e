package io.agentdeck.api;

import io.agentdeck.engine.account.AccountService;
import io.agentdeck.engine.event.NodeRelay;
import java.util.Objects;
import java.util.Optional;

/**
 * What a team's server adds to the API: the other nodes sharing its database, and user accounts. The desktop (and a
 * server on its own H2 file) has neither: {@link #OFF}.
 */
public record TeamMode(NodeRelay relay, Optional<AccountService> accounts) {
    public static final TeamMode OFF = new TeamMode(NodeRelay.NONE, Optional.empty());

    public TeamMode {
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(accounts, "accounts");
    }
}
