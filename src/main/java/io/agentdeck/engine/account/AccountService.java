package io.agentdeck.engine.account;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.Sha256;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The accounts of a team's server: users with a role, each with named API tokens. A token's secret is shown once,
 * when it is made; the store keeps its SHA-256 hash (the secret is 256 random bits, so a slow hash adds nothing).
 * Every check reads the store, so a token revoked on one node is refused at once by every node.
 */
public final class AccountService {
    /** Tells a user's token from the server's own token at a glance (in a config file, in a leak scanner). */
    public static final String TOKEN_PREFIX = "adk_";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final int MAX_TOKEN_NAME = 100;
    private static final int SECRET_BYTES = 32;

    private final AccountStore store;
    private final Clock clock;
    private final SecureRandom random;

    public AccountService(AccountStore store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Adds a user with a first token named "first".
     *
     * @throws EngineException invalid name, or conflict when the name is taken
     */
    public NewUser addUser(String name, Role role) {
        String checked = checkedName(name);
        User user = store.createUser(checked, role, clock.instant())
                .orElseThrow(() -> new EngineException(
                        ErrorKind.CONFLICT,
                        "There is a user named '" + checked + "' already.",
                        "Pick another name, or make a new token for that user.",
                        null));
        return new NewUser(user, newToken(user.id(), "first"));
    }

    /** @throws EngineException not found, or invalid name */
    public NewToken createToken(long userId, String name) {
        user(userId);
        String tokenName = name == null ? "" : name.strip();
        if (tokenName.isEmpty() || tokenName.length() > MAX_TOKEN_NAME) {
            throw EngineException.invalid("A token needs a 'name' of 1 to " + MAX_TOKEN_NAME + " characters.");
        }
        return newToken(userId, tokenName);
    }

    /** @throws EngineException not found when the user has no such token that is still valid */
    public void revokeToken(long userId, long tokenId) {
        user(userId);
        if (!store.revokeToken(userId, tokenId, clock.instant())) {
            throw EngineException.notFound("User " + userId + " has no valid token with id " + tokenId + ".");
        }
    }

    public User user(long id) {
        return store.findUser(id).orElseThrow(() -> EngineException.notFound("No user with id " + id + "."));
    }

    public List<User> users() {
        return store.users();
    }

    public List<TokenInfo> tokens(long userId) {
        user(userId);
        return store.tokens(userId);
    }

    /** The user whose valid token this is; empty for anything else, including a revoked token. */
    public Optional<User> authenticate(String secret) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        return store.userOfToken(hash(secret));
    }

    /** Records that the user owns what they just made. */
    public void claim(User owner, OwnedKind kind, String itemId) {
        claim(owner.id(), kind, itemId);
    }

    /** Records that the user with this id owns the item: what was made for somebody else's work is theirs. */
    public void claim(long ownerId, OwnedKind kind, String itemId) {
        store.claim(kind, itemId, ownerId, clock.instant());
    }

    /** Who owns the item; empty for what is the operator's. */
    public Optional<Long> ownerOf(OwnedKind kind, String itemId) {
        return store.ownerOf(kind, itemId);
    }

    /** The ids of what the user owns of that kind. */
    public Set<String> ownedBy(User user, OwnedKind kind) {
        return store.ownedBy(user.id(), kind);
    }

    /**
     * The documents a turn in this thread may not read from: in a member's thread, the other users' uploads; in the
     * operator's or an admin's thread, none.
     */
    public Set<Long> documentsHiddenIn(long conversationId) {
        Optional<User> owner = store.ownerOf(OwnedKind.CONVERSATION, String.valueOf(conversationId))
                .flatMap(store::findUser);
        if (owner.isEmpty() || owner.get().isAdmin()) {
            return Set.of();
        }
        return store.ownedByOthers(owner.get().id(), OwnedKind.DOCUMENT).stream()
                .map(Long::valueOf)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Forgets the owner of an item that was deleted. */
    public void release(OwnedKind kind, String itemId) {
        store.release(kind, itemId);
    }

    private NewToken newToken(long userId, String name) {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new NewToken(store.createToken(userId, name, hash(secret), clock.instant()), secret);
    }

    private static String checkedName(String name) {
        String stripped = name == null ? "" : name.strip();
        if (!NAME.matcher(stripped).matches()) {
            throw EngineException.invalid(
                    "A user name is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.");
        }
        return stripped;
    }

    static String hash(String secret) {
        return Sha256.of(secret);
    }
}
