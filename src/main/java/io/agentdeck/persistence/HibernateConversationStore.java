package io.agentdeck.persistence;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.chat.Conversation;
import io.agentdeck.engine.store.ConversationStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.Session;
import org.hibernate.exception.ConstraintViolationException;

public final class HibernateConversationStore implements ConversationStore {
    public static final String DEFAULT_TITLE = "General";
    public static final int MAX_TITLE_LENGTH = 500;
    private static final int LOCK_STRIPES = 32;

    private final Transactions transactions;
    private final Clock clock;
    private final Object[] defaultLocks = new Object[LOCK_STRIPES];

    public HibernateConversationStore(Transactions transactions) {
        this(transactions, Clock.systemUTC());
    }

    public HibernateConversationStore(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
        for (int i = 0; i < defaultLocks.length; i++) {
            defaultLocks[i] = new Object();
        }
    }

    @Override
    public Conversation defaultFor(long agentId) {
        Optional<Conversation> existing = findDefault(agentId);
        if (existing.isPresent()) {
            return existing.get();
        }
        // Serialising first calls in this process avoids a doomed insert (and Hibernate's error log) per loser.
        synchronized (defaultLocks[Math.floorMod(Long.hashCode(agentId), LOCK_STRIPES)]) {
            return findDefault(agentId).orElseGet(() -> createDefault(agentId));
        }
    }

    @Override
    public Conversation create(long agentId, String title) {
        String checked = checkedTitle(title);
        return transactions.write(session -> insert(session, agentId, checked, false));
    }

    @Override
    public List<Conversation> findByAgent(long agentId) {
        return transactions.read(
                session -> session
                        .createSelectionQuery("""
                        from ConversationEntity c where c.agentId = :agentId
                        order by c.isDefault desc, c.updatedAt desc, c.id desc""", ConversationEntity.class)
                        .setParameter("agentId", agentId)
                        .getResultList()
                        .stream()
                        .map(HibernateConversationStore::toConversation)
                        .toList());
    }

    @Override
    public Optional<Conversation> findById(long id) {
        return transactions.read(session -> Optional.ofNullable(session.find(ConversationEntity.class, id))
                .map(HibernateConversationStore::toConversation));
    }

    @Override
    public Conversation rename(long id, String title) {
        String checked = checkedTitle(title);
        return transactions.write(session -> {
            ConversationEntity entity = session.find(ConversationEntity.class, id);
            if (entity == null) {
                throw EngineException.notFound("No conversation with id " + id + ".");
            }
            entity.rename(checked, Timestamps.now(clock));
            return toConversation(entity);
        });
    }

    @Override
    public void delete(long id) {
        transactions.writeWithoutResult(session -> {
            // Its messages follow by ON DELETE CASCADE.
            session.createMutationQuery("delete from ConversationEntity c where c.id = :id")
                    .setParameter("id", id)
                    .executeUpdate();
        });
    }

    private Optional<Conversation> findDefault(long agentId) {
        return transactions.read(session -> session.createSelectionQuery(
                        "from ConversationEntity c where c.defaultAgentId = :agentId", ConversationEntity.class)
                .setParameter("agentId", agentId)
                .uniqueResultOptional()
                .map(HibernateConversationStore::toConversation));
    }

    /** Another process sharing the database may still win the race; its default is then just as good. */
    private Conversation createDefault(long agentId) {
        try {
            return transactions.write(session -> insert(session, agentId, DEFAULT_TITLE, true));
        } catch (ConstraintViolationException e) {
            return findDefault(agentId).orElseThrow(() -> e);
        }
    }

    private Conversation insert(Session session, long agentId, String title, boolean isDefault) {
        Long agents = session.createSelectionQuery("select count(a) from AgentEntity a where a.id = :id", Long.class)
                .setParameter("id", agentId)
                .getSingleResult();
        if (agents == 0) {
            throw EngineException.notFound("No agent with id " + agentId + ".");
        }
        ConversationEntity entity = new ConversationEntity(agentId, title, isDefault, Timestamps.now(clock));
        session.persist(entity);
        return toConversation(entity);
    }

    private static String checkedTitle(String title) {
        Objects.requireNonNull(title, "title");
        if (title.length() > MAX_TITLE_LENGTH) {
            throw EngineException.invalid("A conversation title must be at most " + MAX_TITLE_LENGTH + " characters.");
        }
        return title;
    }

    private static Conversation toConversation(ConversationEntity entity) {
        return new Conversation(
                entity.id(),
                entity.agentId(),
                entity.title(),
                entity.isDefault(),
                entity.createdAt(),
                entity.updatedAt());
    }
}
