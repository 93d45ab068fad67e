package io.agentdeck.persistence;

import io.agentdeck.engine.store.StoreHealth;
import jakarta.persistence.PersistenceUnitTransactionType;
import java.util.Optional;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.HikariCPSettings;
import org.hibernate.cfg.JdbcSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The open database: schema migrated by Flyway, accessed through one Hibernate session factory and its pool. */
public final class Database implements StoreHealth, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MAX_CONNECTIONS = 8;
    private static final int MIN_IDLE_CONNECTIONS = 1;
    private static final int CONNECTION_TIMEOUT_MS = 5_000;
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final SessionFactory sessionFactory;
    private final Transactions transactions;
    /** Empty for the embedded file, which the data directory's lock already keeps to one process. */
    private final Optional<SingleNodeClaim> claim;

    private Database(SessionFactory sessionFactory, DatabaseConfig config, Optional<SingleNodeClaim> claim) {
        this.sessionFactory = sessionFactory;
        this.transactions = new Transactions(sessionFactory, config.flushStatement());
        this.claim = claim;
    }

    /** Migrates the schema, then connects; fails if either step fails. A database server is claimed by this node. */
    public static Database open(DatabaseConfig config) {
        return open(config, false);
    }

    /**
     * Migrates the schema, then connects. A database server is claimed by this node alone unless {@code shared}: then
     * other nodes use it too, and work is handed out through the shared task queue.
     */
    public static Database open(DatabaseConfig config, boolean shared) {
        long started = System.nanoTime();
        if (config.isEmbedded()) {
            Migrations.apply(config);
            Database database = new Database(sessionFactoryFor(config), config, Optional.empty());
            LOG.info("Database ready in {} ms", (System.nanoTime() - started) / 1_000_000);
            return database;
        }
        Optional<SingleNodeClaim> claim = shared ? Optional.empty() : Optional.of(SingleNodeClaim.claim(config));
        Database database;
        try {
            Migrations.apply(config);
            database = new Database(sessionFactoryFor(config), config, claim);
        } catch (RuntimeException e) {
            claim.ifPresent(SingleNodeClaim::close);
            throw DatabaseUnavailableException.cannotOpen(config, e);
        }
        LOG.info("Database ready in {} ms", (System.nanoTime() - started) / 1_000_000);
        return database;
    }

    /** For the stores' constructors: reads, and writes that are durable when they return. */
    public Transactions transactions() {
        return transactions;
    }

    /** For bulk fixtures in tests and benchmarks, which flush nothing. */
    public SessionFactory sessionFactory() {
        return sessionFactory;
    }

    @Override
    public boolean isConnected() {
        if (!sessionFactory.isOpen()) {
            return false;
        }
        try {
            return sessionFactory.fromSession(
                    session -> session.doReturningWork(connection -> connection.isValid(VALIDATION_TIMEOUT_SECONDS)));
        } catch (RuntimeException e) {
            LOG.debug("Database health check failed", e);
            return false;
        }
    }

    /** Closes the pool; an embedded H2 database closes with its last connection. */
    @Override
    public synchronized void close() {
        try {
            if (sessionFactory.isOpen()) {
                sessionFactory.close();
            }
        } finally {
            claim.ifPresent(SingleNodeClaim::close);
        }
    }

    private static SessionFactory sessionFactoryFor(DatabaseConfig config) {
        return new HibernatePersistenceConfiguration("agentdeck")
                .managedClasses(
                        AgentEntity.class,
                        ConversationEntity.class,
                        MessageEntity.class,
                        TaskEntity.class,
                        ToolPolicyEntity.class,
                        ApprovalEntity.class,
                        WorkflowEntity.class,
                        WorkflowStepEntity.class,
                        KnowledgeCollectionEntity.class,
                        KnowledgeDocumentEntity.class,
                        KnowledgePassageEntity.class,
                        UserEntity.class,
                        ApiTokenEntity.class,
                        OwnedItemEntity.class,
                        TextWithoutNul.class)
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .jdbcUrl(config.jdbcUrl())
                .jdbcCredentials(config.user(), config.password())
                .jdbcAutocommit(false)
                .schemaToolingAction(Action.NONE)
                .showSql(false, false, false)
                .property(JdbcSettings.CONNECTION_PROVIDER, "hikari")
                // The pool hands out connections with auto-commit already off, so Hibernate need not switch it.
                .property(JdbcSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, "true")
                .property(HikariCPSettings.HIKARI_MAX_SIZE, String.valueOf(MAX_CONNECTIONS))
                .property(HikariCPSettings.HIKARI_MIN_IDLE_SIZE, String.valueOf(MIN_IDLE_CONNECTIONS))
                .property(HikariCPSettings.HIKARI_ACQUISITION_TIMEOUT, String.valueOf(CONNECTION_TIMEOUT_MS))
                .property(HikariCPSettings.HIKARI_POOL_NAME, "agentdeck-db")
                .createEntityManagerFactory();
    }
}
