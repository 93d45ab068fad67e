package io.agentdeck;

/** Fills a thread with many messages in one statement, far faster than appending them one by one. */
public final class LongThreads {
    private LongThreads() {}

    /**
     * Adds {@code count} alternating user/agent messages "Message 1" … "Message n", oldest first, in one statement
     * that H2 and PostgreSQL both run (a recursive count, where H2's own would be {@code SYSTEM_RANGE}).
     */
    public static void fill(AppContext context, long agentId, long conversationId, int count) {
        context.database()
                .sessionFactory()
                .inTransaction(session -> session.createNativeMutationQuery("""
                        INSERT INTO messages (agent_id, conversation_id, role, content, created_at)
                        WITH RECURSIVE numbers(x) AS (
                            SELECT 1 UNION ALL SELECT x + 1 FROM numbers WHERE x < :count)
                        SELECT :agentId, :conversationId,
                               CASE WHEN MOD(x, 2) = 1 THEN 'USER' ELSE 'AGENT' END,
                               CONCAT('Message ', CAST(x AS VARCHAR(12))), CURRENT_TIMESTAMP
                        FROM numbers ORDER BY x""")
                        .setParameter("agentId", agentId)
                        .setParameter("conversationId", conversationId)
                        .setParameter("count", count)
                        .executeUpdate());
    }
}
