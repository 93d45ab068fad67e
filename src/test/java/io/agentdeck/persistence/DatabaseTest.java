package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
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
                    .contains("agents", "conversations", "messages", "tasks", "chat_memory", "flyway_schema_history");
            List<String> versions = database.sessionFactory()
                    .fromSession(session -> session.createNativeQuery(
                                    "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL'",
                                    String.class)
                            .getResultList());
            assertThat(versions).containsExactly("1");
        }
        assertThat(dir.resolve("db").resolve("agentdeck.mv.db")).exists();
    }

    @Test
    void reopensAnAlreadyMigratedDatabase() {
        Fixtures.open(dir).close();
        try (Database database = Fixtures.open(dir)) {
            assertThat(database.isConnected()).isTrue();
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

    @Test
    void h2FileConfigPointsAtTheAbsolutePath() {
        DatabaseConfig config = DatabaseConfig.h2File(Path.of("relative", "agentdeck"));

        assertThat(config.jdbcUrl())
                .startsWith("jdbc:h2:file:" + Path.of("relative", "agentdeck").toAbsolutePath())
                .endsWith(";DB_CLOSE_ON_EXIT=FALSE");
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
