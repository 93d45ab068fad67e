package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void migratesAnEmptyDatabase() {
        try (Database database = Fixtures.open(dir)) {
            List<String> tables = database.sessionFactory()
                    .fromSession(session -> session.createNativeQuery(
                                    "SELECT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES", String.class)
                            .getResultList());
            assertThat(tables)
                    .contains(
                            "agents",
                            "conversations",
                            "messages",
                            "tasks",
                            "tool_policies",
                            "approvals",
                            "workflows",
                            "workflow_steps",
                            "knowledge_collections",
                            "knowledge_documents",
                            "knowledge_passages",
                            "users",
                            "api_tokens",
                            "owned_items",
                            "flyway_schema_history")
                    .as("the model's memory is a view of the messages, not a second copy")
                    .doesNotContain("chat_memory");
            List<String> versions = database.sessionFactory()
                    .fromSession(session -> session.createNativeQuery(
                                    "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL'",
                                    String.class)
                            .getResultList());
            assertThat(versions).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
            List<String> stepColumns = database.sessionFactory()
                    .fromSession(session -> session.createNativeQuery(
                                    "SELECT LOWER(COLUMN_NAME) FROM INFORMATION_SCHEMA.COLUMNS"
                                            + " WHERE LOWER(TABLE_NAME) = 'workflow_steps'",
                                    String.class)
                            .getResultList());
            assertThat(stepColumns).contains("depends_on", "delegated_by");
        }
        assertThat(dir.resolve("db").resolve("agentdeck.mv.db")).exists();
    }

    @Test
    void aWriterThatIsInterruptedLeavesTheFileUsable() throws Exception {
        // Cancelling a reply or shutting down interrupts threads that may be writing; a plain FileChannel closes
        // itself when its thread is interrupted, which closed the whole H2 database for everyone.
        try (Database database = Fixtures.open(dir)) {
            var agents = new HibernateAgentStore(database.transactions());
            var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
            Thread interrupted = Thread.ofPlatform().start(() -> {
                Thread.currentThread().interrupt();
                try {
                    agents.save(Fixtures.dynamicAgent("Written while interrupted"));
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            interrupted.join();

            assertThat(failure.get()).as("the interrupted write").isNull();
            agents.save(Fixtures.dynamicAgent("Written after"));
            assertThat(agents.findAll())
                    .extracting(io.agentdeck.engine.agent.Agent::name)
                    .contains("Written while interrupted", "Written after");
        }
        try (Database reopened = Fixtures.open(dir)) {
            assertThat(new HibernateAgentStore(reopened.transactions()).findAll())
                    .hasSize(2);
        }
    }

    @Test
    void reopensAnAlreadyMigratedDatabase() {
        Fixtures.open(dir).close();
        try (Database database = Fixtures.open(dir)) {
            assertThat(database.isConnected()).isTrue();
        }
    }

    /** The connection that holds the file open while the fingerprint is read is closed once Hibernate has booted. */
    @Test
    void nothingOfTheStartStaysConnectedOnceTheDatabaseIsClosed() throws Exception {
        Fixtures.open(dir).close();
        Database database = Fixtures.open(dir);
        database.awaitReady();
        database.close();
        DatabaseConfig config = Fixtures.config(dir);
        try (Connection own = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
            assertThat(sessionsOn(own)).isEqualTo(1);
        }
    }

    /**
     * Hibernate boots while Flyway migrates: when the migration fails (here: an applied migration's checksum no longer
     * matches), the start fails with Flyway's reason and the pool Hibernate opened meanwhile is closed, so that only
     * this test's own connection is left on the file.
     */
    @Test
    void aFailedMigrationClosesWhatHibernateOpenedMeanwhile() throws Exception {
        Fixtures.open(dir).close();
        DatabaseConfig config = Fixtures.config(dir);
        try (Connection own = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
            try (Statement statement = own.createStatement()) {
                statement.execute("UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345 WHERE \"version\" = '1'");
                // As if the build's migrations had changed since they were applied: Flyway runs and checks them.
                statement.execute("DELETE FROM schema_fingerprint");
                own.commit();
            }
            assertThatThrownBy(() -> Database.open(config)).hasMessageContaining("checksum mismatch");
            // The boot goes on after the failure and closes what it made on its own thread before that thread ends.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (bootThreadAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(bootThreadAlive()).isFalse();
            assertThat(sessionsOn(own)).isEqualTo(1);
        }
    }

    private static boolean bootThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals(Database.BOOT_THREAD));
    }

    private static long sessionsOn(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            count.next();
            return count.getLong(1);
        }
    }

    /** NoEntityProxies: no proxy classes are generated at start, and asking for one fails with Hibernate's reason. */
    @Test
    void hibernateMakesNoProxyClasses() {
        try (Database database = Fixtures.open(dir)) {
            BytecodeProvider bytecode = database.sessionFactory()
                    .unwrap(SessionFactoryImplementor.class)
                    .getServiceRegistry()
                    .requireService(BytecodeProvider.class);
            assertThat(bytecode).isInstanceOf(org.hibernate.bytecode.internal.none.BytecodeProviderImpl.class);
            assertThatThrownBy(() -> database.sessionFactory()
                            .inTransaction(session -> session.getReference(AgentEntity.class, 1L)))
                    .hasMessageContaining("BytecodeProvider");
        }
    }

    @Test
    void isConnectedUntilClosed() {
        Database database = Fixtures.open(dir);
        assertThat(database.isConnected()).isTrue();
        database.close();
        assertThat(database.isConnected()).isFalse();
        database.close();
    }

    /** The statements HibernateMessageStore.page issues, in SQL; only the first 51 index entries may be read. */
    @Test
    void pagingQueriesReadTheMessageIndexesInOrder() {
        try (Database database = Fixtures.open(dir)) {
            database.sessionFactory().inTransaction(session -> {
                for (String sql : List.of(
                        "INSERT INTO agents (id, name, name_key, type, role, system_prompt, capabilities, created_at)"
                                + " SELECT X, 'a' || X, 'a' || X, 'DYNAMIC', 'r', 'p', '[]', CURRENT_TIMESTAMP"
                                + " FROM SYSTEM_RANGE(1, 2)",
                        "INSERT INTO conversations (agent_id, title, is_default, created_at, updated_at)"
                                + " SELECT MOD(X, 2) + 1, 't', FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP"
                                + " FROM SYSTEM_RANGE(1, 4)",
                        "INSERT INTO messages (agent_id, conversation_id, role, content, created_at)"
                                + " SELECT MOD(X, 2) + 1, MOD(X, 4) + 1, 'USER', 'hi', CURRENT_TIMESTAMP"
                                + " FROM SYSTEM_RANGE(1, 4000)",
                        "ANALYZE")) {
                    session.createNativeMutationQuery(sql).executeUpdate();
                }
            });

            assertThat(explain(
                            database,
                            "SELECT * FROM messages WHERE agent_id = 2 AND id < 3000"
                                    + " ORDER BY agent_id DESC, id DESC FETCH FIRST 51 ROWS ONLY"))
                    .contains("PUBLIC.IX_MESSAGES_AGENT", "index sorted", "scanCount: 51");
            assertThat(explain(
                            database,
                            "SELECT * FROM messages WHERE conversation_id = 2 AND id < 9223372036854775807"
                                    + " ORDER BY conversation_id DESC, id DESC FETCH FIRST 51 ROWS ONLY"))
                    .contains("PUBLIC.IX_MESSAGES_CONVERSATION", "index sorted", "scanCount: 51");
        }
    }

    /** The statement behind HibernateMessageStore.recentExchanges: a thread's newest replies, not the whole thread. */
    @Test
    void theRememberedTurnsAreReadFromTheNewestEndOfTheThread() {
        try (Database database = Fixtures.open(dir)) {
            database.sessionFactory().inTransaction(session -> {
                for (String sql : List.of(
                        "INSERT INTO agents (id, name, name_key, type, role, system_prompt, capabilities, created_at)"
                                + " VALUES (1, 'a', 'a', 'DYNAMIC', 'r', 'p', '[]', CURRENT_TIMESTAMP)",
                        "INSERT INTO conversations (id, agent_id, title, is_default, created_at, updated_at)"
                                + " SELECT X, 1, 't', FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP"
                                + " FROM SYSTEM_RANGE(1, 2)",
                        "INSERT INTO messages (id, agent_id, conversation_id, role, content, created_at, reply_to)"
                                + " SELECT X, 1, MOD(X / 2, 2) + 1, CASE WHEN MOD(X, 2) = 0 THEN 'USER' ELSE 'AGENT' END,"
                                + " 'm', CURRENT_TIMESTAMP, CASE WHEN MOD(X, 2) = 1 THEN X - 1 END"
                                + " FROM SYSTEM_RANGE(1, 20000)",
                        "ANALYZE")) {
                    session.createNativeMutationQuery(sql).executeUpdate();
                }
            });

            String plan = explain(
                    database,
                    "SELECT q.content, a.content FROM messages a JOIN messages q ON q.id = a.reply_to"
                            + " WHERE a.conversation_id = 2 AND a.id < 9223372036854775807 AND a.role = 'AGENT'"
                            + " AND a.reply_to < 19000 ORDER BY a.conversation_id DESC, a.id DESC"
                            + " FETCH FIRST 20 ROWS ONLY");
            assertThat(plan).contains("PUBLIC.IX_MESSAGES_CONVERSATION", "index sorted");
            java.util.regex.Matcher scanned =
                    java.util.regex.Pattern.compile("scanCount: (\\d+)").matcher(plan);
            assertThat(scanned.find()).as(plan).isTrue();
            assertThat(Integer.parseInt(scanned.group(1)))
                    .as("rows read from a 10,000-message thread: " + plan)
                    .isLessThan(2_000);
        }
    }

    @Test
    void h2FileConfigPointsAtTheAbsolutePath() {
        DatabaseConfig config = DatabaseConfig.h2File(Path.of("relative", "agentdeck"));

        assertThat(config.jdbcUrl())
                .startsWith("jdbc:h2:retry:" + Path.of("relative", "agentdeck").toAbsolutePath())
                .contains(";DB_CLOSE_ON_EXIT=FALSE")
                .as("every commit reaches the file before it returns")
                .contains(";WRITE_DELAY=0");
        assertThat(config.flushStatement()).contains("CHECKPOINT SYNC");
        assertThat(new DatabaseConfig("jdbc:postgresql://localhost/agentdeck", "u", "p").flushStatement())
                .as("PostgreSQL flushes its log on commit itself")
                .isEmpty();
    }

    @Test
    void writesAreFlushedToDiskAndConcurrentWritersShareFlushes() throws Exception {
        try (Database database = Fixtures.open(dir)) {
            var agents = new HibernateAgentStore(database.transactions());
            var conversations = new HibernateConversationStore(database.transactions());
            var messages = new HibernateMessageStore(database.transactions());
            long agentId = agents.save(Fixtures.dynamicAgent("Writer")).id();
            long threadId = conversations.defaultFor(agentId).id();
            long before = database.transactions().flushes();
            messages.append(io.agentdeck.engine.chat.NewMessage.of(
                    agentId, threadId, io.agentdeck.engine.chat.MessageRole.USER, "one"));
            assertThat(database.transactions().flushes())
                    .as("a lone write is flushed once")
                    .isEqualTo(before + 1);
            messages.page(agentId, java.util.Optional.empty(), java.util.Optional.empty(), 10);
            assertThat(database.transactions().flushes())
                    .as("a read flushes nothing")
                    .isEqualTo(before + 1);

            int writers = 16;
            int each = 20;
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
                var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                for (int w = 0; w < writers; w++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            messages.append(io.agentdeck.engine.chat.NewMessage.of(
                                    agentId, threadId, io.agentdeck.engine.chat.MessageRole.USER, "m" + i));
                        }
                    }));
                }
                for (var future : done) {
                    future.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
            long flushes = database.transactions().flushes() - before - 1;
            assertThat(flushes)
                    .as("concurrent writers share flushes")
                    .isPositive()
                    .isLessThan(writers * each);
        }
    }

    @Test
    void theSecondMigrationLinksRepliesToTheirQuestionsAndDropsTheMemoryCopy() {
        DatabaseConfig config = Fixtures.config(dir);
        org.flywaydb.core.Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations(Migrations.LOCATION)
                .target("1")
                .load()
                .migrate();
        try (var connection = java.sql.DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                var statement = connection.createStatement()) {
            statement.execute("INSERT INTO agents (id, name, name_key, type, role, system_prompt, capabilities,"
                    + " created_at) VALUES (1, 'Driver', 'driver', 'DRIVER', 'r', 'p', '[]', CURRENT_TIMESTAMP)");
            statement.execute("INSERT INTO conversations (id, agent_id, title, is_default, default_agent_id,"
                    + " created_at, updated_at) VALUES (7, 1, 'Main', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            String[] rows = {"USER:q1", "AGENT:a1", "USER:q2", "ERROR:failed", "USER:q3", "AGENT:a3"};
            for (int i = 0; i < rows.length; i++) {
                String[] row = rows[i].split(":");
                statement.execute("INSERT INTO messages (id, agent_id, conversation_id, role, content, created_at)"
                        + " VALUES (" + (i + 1) + ", 1, 7, '" + row[0] + "', '" + row[1] + "', CURRENT_TIMESTAMP)");
            }
            statement.execute("INSERT INTO chat_memory (memory_id, messages_json, updated_at)"
                    + " VALUES ('7', '[]', CURRENT_TIMESTAMP)");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }

        try (Database database = Database.open(config)) {
            List<Object[]> links = database.sessionFactory()
                    .fromSession(session -> session.createNativeQuery(
                                    "SELECT id, reply_to FROM messages ORDER BY id", Object[].class)
                            .getResultList());
            assertThat(links)
                    .extracting(row -> ((Number) row[0]).longValue() + "->" + row[1])
                    .containsExactly("1->null", "2->1", "3->null", "4->3", "5->null", "6->5");
            assertThat(new HibernateMessageStore(database.transactions()).recentExchanges(7, Long.MAX_VALUE, 10))
                    .as("the failed question is not remembered")
                    .containsExactly(
                            new io.agentdeck.engine.chat.Exchange("q1", "a1"),
                            new io.agentdeck.engine.chat.Exchange("q3", "a3"));
            List<String> tables = database.sessionFactory()
                    .fromSession(session -> session.createNativeQuery(
                                    "SELECT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES", String.class)
                            .getResultList());
            assertThat(tables).doesNotContain("chat_memory");
        }
    }

    @Test
    void configNeverShowsThePassword() {
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://localhost/agentdeck", "deck", "s3cret");

        assertThat(config.toString()).doesNotContain("s3cret").contains("deck");
    }

    @Test
    void rejectsWhatIsNotAJdbcUrl() {
        assertThatThrownBy(() -> new DatabaseConfig("postgresql://localhost", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabaseConfig.h2File(Path.of("a;b"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static String explain(Database database, String sql) {
        return database.sessionFactory()
                .fromSession(session -> session.createNativeQuery("EXPLAIN ANALYZE " + sql, String.class)
                        .getSingleResult());
    }
}
