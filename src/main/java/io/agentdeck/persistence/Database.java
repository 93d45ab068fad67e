package io.agentdeck.persistence;

import io.agentdeck.engine.Joined;
import io.agentdeck.engine.store.StoreHealth;
import jakarta.persistence.PersistenceUnitTransactionType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    /** How long a health check may take before it counts as "not connected". */
    private static final long HEALTH_ANSWER_MS = 1_500;

    /** The thread Hibernate boots on; see {@link #open}. */
    static final String BOOT_THREAD = "hibernate-boot";

    /** Hibernate's boot, which runs while the schema is migrated; see {@link #open}. */
    private final CompletableFuture<SessionFactory> booting;

    private final Transactions transactions;
    /** Empty for the embedded file, which the data directory's lock already keeps to one process. */
    private final Optional<NodePresence> presence;

    private CompletableFuture<Boolean> healthCheck; // guarded by this

    private Database(
            CompletableFuture<SessionFactory> booting, DatabaseConfig config, Optional<NodePresence> presence) {
        this.booting = booting;
        this.transactions = new Transactions(this::booted, config.flushStatement());
        this.presence = presence;
    }

    /**
     * Migrates the schema and starts Hibernate; fails if the migration fails. On a database server this node joins the
     * others that share it (a database server is always shared: work is handed out through the shared task queue).
     *
     * <p>Hibernate's boot (reading the mappings, starting the pool) needs no schema, since it neither creates nor
     * validates one: it runs on a thread of its own from here on, while Flyway brings the schema up to date and the
     * caller builds what needs no query. It is the start's largest single step. The first transaction, or {@link
     * #awaitReady()}, waits for it; its failure is thrown there.
     */
    public static Database open(DatabaseConfig config) {
        long started = System.nanoTime();
        Optional<NodePresence> presence =
                config.isEmbedded() ? Optional.empty() : Optional.of(NodePresence.join(config));
        CompletableFuture<SessionFactory> booting = null;
        Migrations.Outcome outcome;
        try {
            booting = CompletableFuture.supplyAsync(
                    () -> bootedFor(config, started),
                    task -> Thread.ofPlatform().name(BOOT_THREAD).start(task));
            // An H2 file comes back held open by the connection that read its fingerprint, until Hibernate's pool
            // has its own: the file is opened once.
            Migrations.Applied applied = Migrations.applyHolding(config);
            outcome = applied.outcome();
            CompletableFuture<SessionFactory> boot = booting;
            applied.held().ifPresent(held -> boot.whenComplete((sessions, bootFailure) -> closeQuietly(held)));
        } catch (RuntimeException | Error e) {
            // The failed migration is the reason to report. The boot cannot be stopped half-way: it goes on on its
            // own thread, and a session factory it makes is closed at once.
            if (booting != null) {
                booting.whenComplete((sessions, bootFailure) -> {
                    if (sessions != null) {
                        sessions.close();
                    } else {
                        LOG.debug("Hibernate's boot failed too", bootFailure);
                    }
                });
            }
            presence.ifPresent(NodePresence::close);
            if (!config.isEmbedded() && e instanceof RuntimeException failure) {
                throw DatabaseUnavailableException.cannotOpen(config, failure);
            }
            throw e;
        }
        LOG.info(
                "Database schema up to date in {} ms{}",
                (System.nanoTime() - started) / 1_000_000,
                outcome == Migrations.Outcome.ALREADY_CURRENT ? " (as the migrations' fingerprint shows)" : "");
        return new Database(booting, config, presence);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Could not close the connection that held the database open", e);
        }
    }

    /**
     * Waits until Hibernate has booted, so that a start fails here rather than at its first request.
     *
     * @throws RuntimeException Hibernate's boot failure (on a database server, {@link DatabaseUnavailableException})
     */
    public void awaitReady() {
        booted();
    }

    private static SessionFactory bootedFor(DatabaseConfig config, long started) {
        try {
            SessionFactory sessions = sessionFactoryFor(config);
            LOG.info("Database ready in {} ms", (System.nanoTime() - started) / 1_000_000);
            return sessions;
        } catch (RuntimeException e) {
            throw config.isEmbedded() ? e : DatabaseUnavailableException.cannotOpen(config, e);
        }
    }

    private SessionFactory booted() {
        return Joined.join(booting);
    }

    /**
     * Whether this node was the only one on the database when it opened it (always, for the embedded file): then what
     * the database shows as running was left by a stop, and can be reported interrupted.
     */
    public boolean openedAlone() {
        return presence.map(NodePresence::wasAlone).orElse(true);
    }

    /** The node that opened the database alone has reported the leftovers of a stop: other nodes may join now. */
    public void endRecovery() {
        presence.ifPresent(NodePresence::endRecovery);
    }

    /** For the stores' constructors: reads, and writes that are durable when they return. */
    public Transactions transactions() {
        return transactions;
    }

    /** For bulk fixtures in tests and benchmarks, which flush nothing. */
    public SessionFactory sessionFactory() {
        return booted();
    }

    /**
     * Whether the database answers, within {@link #HEALTH_ANSWER_MS}: with the database gone, taking a connection from
     * the pool waits out its 5 s timeout, longer than a load balancer gives a readiness probe, so a check that has not
     * answered by then counts as not connected (and goes on in the background; the next caller waits for the same
     * one rather than starting another).
     */
    @Override
    public boolean isConnected() {
        // A boot still under way is waited for by the check below, as a slow answer would be. The state is read once:
        // a boot may end between two looks.
        boolean closedOrFailed = switch (booting.state()) {
            case RUNNING -> false;
            case SUCCESS -> !booting.resultNow().isOpen();
            case FAILED, CANCELLED -> true;
        };
        if (closedOrFailed) {
            return false;
        }
        CompletableFuture<Boolean> check;
        synchronized (this) {
            if (healthCheck == null || healthCheck.isDone()) {
                healthCheck = CompletableFuture.supplyAsync(
                        this::answers,
                        task -> Thread.ofVirtual().name("database-health").start(task));
            }
            check = healthCheck;
        }
        try {
            return check.get(HEALTH_ANSWER_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean answers() {
        try {
            return booted().fromSession(session ->
                    session.doReturningWork(connection -> connection.isValid(VALIDATION_TIMEOUT_SECONDS)));
        } catch (RuntimeException e) {
            LOG.debug("Database health check failed", e);
            return false;
        }
    }

    /**
     * Closes the pool, once Hibernate's boot has ended (it cannot be stopped half-way); an embedded H2 database closes
     * with its last connection.
     */
    @Override
    public synchronized void close() {
        try {
            SessionFactory sessions = booting.exceptionally(failedBoot -> null).join();
            if (sessions != null && sessions.isOpen()) {
                sessions.close();
            }
        } finally {
            presence.ifPresent(NodePresence::close);
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
