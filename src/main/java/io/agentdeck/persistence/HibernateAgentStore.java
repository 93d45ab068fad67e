package io.agentdeck.persistence;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.NewAgent;
import io.agentdeck.engine.store.AgentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Agents, with names unique regardless of case. Saves are serialised so that a name clash within this process is
 * found by the check rather than by the unique index, which then only settles clashes with other processes.
 */
public final class HibernateAgentStore implements AgentStore {
    private static final StringListJsonConverter CAPABILITIES = new StringListJsonConverter();
    private final Transactions transactions;
    private final Clock clock;

    public HibernateAgentStore(Transactions transactions) {
        this(transactions, Clock.systemUTC());
    }

    public HibernateAgentStore(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public List<Agent> findAll() {
        return transactions.read(session ->
                session
                        .createSelectionQuery("from AgentEntity a order by a.id", AgentEntity.class)
                        .getResultList()
                        .stream()
                        .map(HibernateAgentStore::toAgent)
                        .toList());
    }

    @Override
    public Optional<Agent> findById(long id) {
        return transactions.read(session ->
                Optional.ofNullable(session.find(AgentEntity.class, id)).map(HibernateAgentStore::toAgent));
    }

    @Override
    public Optional<Agent> findByNameIgnoreCase(String name) {
        return transactions.read(session -> findByName(session, name).map(HibernateAgentStore::toAgent));
    }

    @Override
    public synchronized Agent saveWithId(long id, NewAgent agent) {
        Instant now = Timestamps.now(clock);
        try {
            return transactions.write(session -> {
                AgentEntity existing = session.find(AgentEntity.class, id);
                if (existing != null) {
                    return toAgent(existing);
                }
                requireNameFree(session, agent.name());
                insertWithId(session, id, agent, now);
                return new Agent(
                        id,
                        agent.name(),
                        agent.type(),
                        agent.role(),
                        agent.systemPrompt(),
                        agent.capabilities(),
                        now,
                        agent.createdBy(),
                        agent.reason(),
                        Optional.empty(),
                        agent.tools());
            });
        } catch (ConstraintViolationException e) {
            // A concurrent call stored this agent first (fine: idempotent), or took its name.
            return findById(id).orElseThrow(() -> explained(e, agent.name()));
        } catch (EngineException e) {
            // Another process committed this very agent between our lookup by id and the name check.
            return findById(id).orElseThrow(() -> e);
        }
    }

    @Override
    public synchronized Agent save(NewAgent agent) {
        Instant now = Timestamps.now(clock);
        try {
            return transactions.write(session -> {
                requireNameFree(session, agent.name());
                AgentEntity entity = toEntity(agent, now);
                session.persist(entity);
                return toAgent(entity);
            });
        } catch (ConstraintViolationException e) {
            throw explained(e, agent.name());
        }
    }

    @Override
    public Agent setMaxParallel(long id, Optional<Integer> limit) {
        return transactions.write(session -> {
            AgentEntity entity = session.find(AgentEntity.class, id);
            if (entity == null) {
                throw EngineException.notFound("No agent with id " + id + ".");
            }
            entity.setMaxParallel(limit.orElse(null));
            return toAgent(entity);
        });
    }

    @Override
    public Agent setTools(long id, List<String> tools) {
        return transactions.write(session -> {
            AgentEntity entity = session.find(AgentEntity.class, id);
            if (entity == null) {
                throw EngineException.notFound("No agent with id " + id + ".");
            }
            entity.setTools(tools);
            return toAgent(entity);
        });
    }

    @Override
    public void delete(long id) {
        transactions.writeWithoutResult(session -> {
            // Conversations and messages follow by ON DELETE CASCADE; agents it created keep a null created_by.
            session.createMutationQuery("delete from AgentEntity a where a.id = :id")
                    .setParameter("id", id)
                    .executeUpdate();
        });
    }

    /** Concurrent saves of one name all pass the check; the unique index stops all but the first. */
    private RuntimeException explained(ConstraintViolationException violation, String name) {
        return findByNameIgnoreCase(name).isPresent() ? nameTaken(name) : violation;
    }

    private static Optional<AgentEntity> findByName(Session session, String name) {
        return session.createSelectionQuery("from AgentEntity a where a.nameKey = :key", AgentEntity.class)
                .setParameter("key", AgentEntity.keyOf(name))
                .uniqueResultOptional();
    }

    private static void requireNameFree(Session session, String name) {
        if (findByName(session, name).isPresent()) {
            throw nameTaken(name);
        }
    }

    private static EngineException nameTaken(String name) {
        return new EngineException(ErrorKind.CONFLICT, "An agent named '" + name + "' already exists.");
    }

    /** Identity columns ignore an id given to persist(), so the core agents' fixed ids need plain SQL. */
    private static void insertWithId(Session session, long id, NewAgent agent, Instant now) {
        session.createNativeMutationQuery("""
                        INSERT INTO agents (id, name, name_key, type, role, system_prompt, capabilities, created_at,
                                            created_by, reason, tools)
                        VALUES (:id, :name, :nameKey, :type, :role, :systemPrompt, :capabilities, :createdAt,
                                :createdBy, :reason, :tools)""")
                .setParameter("id", id)
                .setParameter("name", agent.name())
                .setParameter("nameKey", AgentEntity.keyOf(agent.name()))
                .setParameter("type", agent.type().name())
                .setParameter("role", agent.role())
                .setParameter("systemPrompt", agent.systemPrompt())
                .setParameter("capabilities", CAPABILITIES.convertToDatabaseColumn(agent.capabilities()))
                .setParameter("createdAt", now, Instant.class)
                .setParameter("createdBy", agent.createdBy().orElse(null), Long.class)
                .setParameter("reason", agent.reason().orElse(null), String.class)
                .setParameter("tools", CAPABILITIES.convertToDatabaseColumn(agent.tools()))
                .executeUpdate();
    }

    private static AgentEntity toEntity(NewAgent agent, Instant now) {
        return new AgentEntity(
                agent.name(),
                agent.type(),
                agent.role(),
                agent.systemPrompt(),
                agent.capabilities(),
                now,
                agent.createdBy().orElse(null),
                agent.reason().orElse(null),
                agent.tools());
    }

    private static Agent toAgent(AgentEntity entity) {
        return new Agent(
                entity.id(),
                entity.name(),
                entity.type(),
                entity.role(),
                entity.systemPrompt(),
                entity.capabilities(),
                entity.createdAt(),
                Optional.ofNullable(entity.createdBy()),
                Optional.ofNullable(entity.reason()),
                Optional.ofNullable(entity.maxParallel()),
                entity.tools());
    }
}
