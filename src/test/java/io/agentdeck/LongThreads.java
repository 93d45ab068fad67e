package io.agentdeck;

/** Fills a thread with many messages in one statement, far faster than appending them one by one. */
public final class LongThreads {
    private LongThreads() {}

    /** Adds {@code count} alternating user/agent messages "Message 1" … "Message n", oldest first. */
    public static void fill(AppContext context, long agentId, long conversationId, int count) {
        context.database()
                .sessionFactory()
                .inTransaction(session -> session.createNativeMutationQuery("""
                        INSERT INTO messages (agent_id, conversation_id, role, content, created_at)
                        SELECT :agentId, :conversationId,
                               CASE WHEN MOD(X, 2) = 1 THEN 'USER' ELSE 'AGENT' END,
                               'Message ' || X, CURRENT_TIMESTAMP
                        FROM SYSTEM_RANGE(1, :count) ORDER BY X""")
                        .setParameter("agentId", agentId)
                        .setParameter("conversationId", conversationId)
                        .setParameter("count", count)
                        .executeUpdate());
    }
}
