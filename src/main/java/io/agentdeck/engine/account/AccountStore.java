package io.agentdeck.engine.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where users and the hashes of their tokens are kept: the shared database, so that every node sees a revocation. */
public interface AccountStore {

    /** @return empty when the name is taken */
    Optional<User> createUser(String name, Role role, Instant at);

    Optional<User> findUser(long id);

    List<User> users();

    TokenInfo createToken(long userId, String name, String hash, Instant at);

    /** Newest first, revoked ones included. */
    List<TokenInfo> tokens(long userId);

    /** @return false when the user has no such token, or it was revoked already */
    boolean revokeToken(long userId, long tokenId, Instant at);

    /** The user a token that is not revoked belongs to. */
    Optional<User> userOfToken(String hash);
}
