package io.agentdeck.persistence;

import io.agentdeck.engine.account.AccountStore;
import io.agentdeck.engine.account.OwnedKind;
import io.agentdeck.engine.account.Role;
import io.agentdeck.engine.account.TokenInfo;
import io.agentdeck.engine.account.User;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hibernate.exception.ConstraintViolationException;

public final class HibernateAccountStore implements AccountStore {
    private final Transactions transactions;

    public HibernateAccountStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public synchronized Optional<User> createUser(String name, Role role, Instant at) {
        // Synchronized against this node's own double adds; the unique index settles a race between nodes.
        try {
            return insertUser(name, role, at);
        } catch (ConstraintViolationException raceLostToAnotherNode) {
            return Optional.empty();
        }
    }

    private Optional<User> insertUser(String name, Role role, Instant at) {
        return transactions.write(session -> {
            boolean taken =
                    session.createSelectionQuery("select count(u) from UserEntity u where u.name = :name", Long.class)
                                    .setParameter("name", name)
                                    .getSingleResult()
                            > 0;
            if (taken) {
                return Optional.empty();
            }
            UserEntity entity = new UserEntity(name, role.wireName(), Timestamps.stored(at));
            session.persist(entity);
            session.flush();
            return Optional.of(toUser(entity));
        });
    }

    @Override
    public Optional<User> findUser(long id) {
        return transactions.read(session ->
                Optional.ofNullable(session.find(UserEntity.class, id)).map(HibernateAccountStore::toUser));
    }

    @Override
    public List<User> users() {
        return transactions.read(session ->
                session
                        .createSelectionQuery("from UserEntity u order by u.id", UserEntity.class)
                        .getResultList()
                        .stream()
                        .map(HibernateAccountStore::toUser)
                        .toList());
    }

    @Override
    public TokenInfo createToken(long userId, String name, String hash, Instant at) {
        return transactions.write(session -> {
            ApiTokenEntity entity = new ApiTokenEntity(userId, name, hash, Timestamps.stored(at));
            session.persist(entity);
            session.flush();
            return toInfo(entity);
        });
    }

    @Override
    public List<TokenInfo> tokens(long userId) {
        return transactions.read(session -> session
                .createSelectionQuery(
                        "from ApiTokenEntity t where t.userId = :user order by t.id desc", ApiTokenEntity.class)
                .setParameter("user", userId)
                .getResultList()
                .stream()
                .map(HibernateAccountStore::toInfo)
                .toList());
    }

    @Override
    public boolean revokeToken(long userId, long tokenId, Instant at) {
        return transactions.write(session -> session.createMutationQuery("update ApiTokenEntity t set t.revokedAt = :at"
                                + " where t.id = :id and t.userId = :user and t.revokedAt is null")
                        .setParameter("at", Timestamps.stored(at))
                        .setParameter("id", tokenId)
                        .setParameter("user", userId)
                        .executeUpdate()
                > 0);
    }

    @Override
    public Optional<User> userOfToken(String hash) {
        return transactions.read(session -> session.createSelectionQuery(
                        "select u from UserEntity u, ApiTokenEntity t"
                                + " where t.tokenHash = :hash and t.revokedAt is null and u.id = t.userId",
                        UserEntity.class)
                .setParameter("hash", hash)
                .uniqueResultOptional()
                .map(HibernateAccountStore::toUser));
    }

    @Override
    public void claim(OwnedKind kind, String itemId, long userId, Instant at) {
        String key = OwnedItemEntity.keyOf(kind.wireName(), itemId);
        try {
            transactions.write(session -> {
                if (session.find(OwnedItemEntity.class, key) == null) {
                    session.persist(new OwnedItemEntity(kind.wireName(), itemId, userId, Timestamps.stored(at)));
                }
                return null;
            });
        } catch (ConstraintViolationException claimedAtTheSameMoment) {
            // The item was claimed between the look-up and the insert: the first claim stands.
        }
    }

    @Override
    public Optional<Long> ownerOf(OwnedKind kind, String itemId) {
        return transactions.read(session -> Optional.ofNullable(
                        session.find(OwnedItemEntity.class, OwnedItemEntity.keyOf(kind.wireName(), itemId)))
                .map(OwnedItemEntity::userId));
    }

    @Override
    public Set<String> ownedBy(long userId, OwnedKind kind) {
        return itemIds("o.userId = :user", userId, kind);
    }

    @Override
    public Set<String> ownedByOthers(long userId, OwnedKind kind) {
        return itemIds("o.userId <> :user", userId, kind);
    }

    private Set<String> itemIds(String whose, long userId, OwnedKind kind) {
        return transactions.read(session -> Set.copyOf(session.createSelectionQuery(
                        "select o.itemId from OwnedItemEntity o where " + whose + " and o.kind = :kind", String.class)
                .setParameter("user", userId)
                .setParameter("kind", kind.wireName())
                .getResultList()));
    }

    @Override
    public void release(OwnedKind kind, String itemId) {
        transactions.write(session -> session.createMutationQuery("delete from OwnedItemEntity o where o.key = :key")
                .setParameter("key", OwnedItemEntity.keyOf(kind.wireName(), itemId))
                .executeUpdate());
    }

    private static User toUser(UserEntity entity) {
        return new User(
                entity.id(), entity.name(), Role.valueOf(entity.role().toUpperCase(Locale.ROOT)), entity.createdAt());
    }

    private static TokenInfo toInfo(ApiTokenEntity entity) {
        return new TokenInfo(
                entity.id(),
                entity.userId(),
                entity.name(),
                entity.createdAt(),
                Optional.ofNullable(entity.revokedAt()));
    }
}
