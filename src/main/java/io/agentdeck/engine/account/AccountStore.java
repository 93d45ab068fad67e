package io.agentdeck.engine.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /** Records that the user owns the item; owning it already, or another user owning it, changes nothing. */
    void claim(OwnedKind kind, String itemId, long userId, Instant at);

    /** The user who owns the item; empty for what is the operator's. */
    Optional<Long> ownerOf(OwnedKind kind, String itemId);

    /** The ids of the items of that kind the user owns. */
    Set<String> ownedBy(long userId, OwnedKind kind);

    /** The ids of the items of that kind that users other than this one own. */
    Set<String> ownedByOthers(long userId, OwnedKind kind);

    /** Forgets who owned a deleted item. */
    void release(OwnedKind kind, String itemId);
}
