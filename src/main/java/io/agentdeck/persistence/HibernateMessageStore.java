package io.agentdeck.persistence;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.chat.AgentStats;
import io.agentdeck.engine.chat.Exchange;
import io.agentdeck.engine.chat.Message;
import io.agentdeck.engine.chat.MessagePage;
import io.agentdeck.engine.chat.MessageRole;
import io.agentdeck.engine.chat.NewMessage;
import io.agentdeck.engine.chat.ReplyLatency;
import io.agentdeck.engine.store.MessageStore;
import io.agentdeck.engine.turn.Speed;
import io.agentdeck.engine.turn.Usage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hibernate.Session;

public final class HibernateMessageStore implements MessageStore {
    private static final CitationsJson CITATIONS = new CitationsJson();

    private final Transactions transactions;
    private final Clock clock;

    public HibernateMessageStore(Transactions transactions) {
        this(transactions, Clock.systemUTC());
    }

    public HibernateMessageStore(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Message append(NewMessage message) {
        Instant now = Timestamps.now(clock);
        return transactions.write(session -> {
            int touched = session.createMutationQuery("""
                            update ConversationEntity c set c.updatedAt = :now
                            where c.id = :conversationId and c.agentId = :agentId""")
                    .setParameter("now", now)
                    .setParameter("conversationId", message.conversationId())
                    .setParameter("agentId", message.agentId())
                    .executeUpdate();
            if (touched == 0) {
                throw EngineException.notFound("Agent " + message.agentId() + " has no conversation with id "
                        + message.conversationId() + ".");
            }
            MessageEntity entity = toEntity(message, now);
            session.persist(entity);
            return toMessage(entity);
        });
    }

    @Override
    public MessagePage page(long agentId, Optional<Long> conversationId, Optional<Long> beforeId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        List<MessageEntity> newestFirst = transactions.read(session -> conversationId.isPresent()
                ? newestOfConversation(session, agentId, conversationId.get(), beforeId, limit + 1)
                : newestOfAgent(session, agentId, beforeId, limit + 1));
        boolean hasMore = newestFirst.size() > limit;
        List<Message> page = newestFirst.stream()
                .limit(limit)
                .map(HibernateMessageStore::toMessage)
                .toList();
        return new MessagePage(page.reversed(), hasMore);
    }

    /**
     * Reads the (agent_id, id) index backwards. H2 only reads an index in order when the order by starts with the
     * index's first column, and only prefers a two-column index over a one-column one on the same first column (the
     * foreign key's on conversation_id) when the id range is part of the condition, hence the bound without beforeId.
     */
    private static List<MessageEntity> newestOfAgent(Session session, long agentId, Optional<Long> beforeId, int rows) {
        return session.createSelectionQuery("""
                        from MessageEntity m where m.agentId = :agentId and m.id < :beforeId
                        order by m.agentId desc, m.id desc""", MessageEntity.class)
                .setParameter("agentId", agentId)
                .setParameter("beforeId", beforeId.orElse(Long.MAX_VALUE))
                .setMaxResults(rows)
                .getResultList();
    }

    /**
     * Reads the (conversation_id, id) index backwards, as above. Messages carry their thread's agent, so checking the
     * thread's owner once replaces filtering every row by agent (which could lead H2 to the agent index).
     */
    private static List<MessageEntity> newestOfConversation(
            Session session, long agentId, long conversationId, Optional<Long> beforeId, int rows) {
        Long owned = session.createSelectionQuery(
                        "select count(c) from ConversationEntity c where c.id = :id and c.agentId = :agentId",
                        Long.class)
                .setParameter("id", conversationId)
                .setParameter("agentId", agentId)
                .getSingleResult();
        if (owned == 0) {
            return List.of();
        }
        return session.createSelectionQuery("""
                        from MessageEntity m where m.conversationId = :conversationId and m.id < :beforeId
                        order by m.conversationId desc, m.id desc""", MessageEntity.class)
                .setParameter("conversationId", conversationId)
                .setParameter("beforeId", beforeId.orElse(Long.MAX_VALUE))
                .setMaxResults(rows)
                .getResultList();
    }

    @Override
    public long countContaining(long conversationId, Optional<Long> beforeId, String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("text must not be empty");
        }
        // position() rather than like: the user's text may hold % and _, which like would read as wildcards.
        return transactions.read(session -> session.createSelectionQuery("""
                        select count(m) from MessageEntity m
                        where m.conversationId = :conversationId and m.id < :beforeId
                          and position(:text in lower(m.content)) > 0""", Long.class)
                .setParameter("conversationId", conversationId)
                .setParameter("beforeId", beforeId.orElse(Long.MAX_VALUE))
                .setParameter("text", text.toLowerCase(Locale.ROOT))
                .getSingleResult());
    }

    /**
     * Reads the (conversation_id, id) index backwards from the newest reply, joining each to its question by the
     * primary key; a question still waiting (or one that failed) has no reply row and so is not remembered.
     */
    @Override
    public List<Exchange> recentExchanges(long conversationId, long beforeId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        List<Exchange> newestFirst = transactions.read(session -> session
                .createSelectionQuery("""
                        select q.content, a.content from MessageEntity a join MessageEntity q on q.id = a.replyTo
                        where a.conversationId = :conversationId and a.id < :maxId
                          and a.role = :reply and a.replyTo < :beforeId
                        order by a.conversationId desc, a.id desc""", Object[].class)
                .setParameter("conversationId", conversationId)
                .setParameter("maxId", Long.MAX_VALUE)
                .setParameter("reply", MessageRole.AGENT)
                .setParameter("beforeId", beforeId)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(row -> new Exchange((String) row[0], (String) row[1]))
                .toList());
        return newestFirst.reversed();
    }

    @Override
    public AgentStats statsFor(long agentId) {
        Object[] row = transactions.read(session -> session.createSelectionQuery("""
                        select count(m),
                               sum(case when m.role = :reply then 1 else 0 end),
                               avg(case when m.role = :reply then m.durationMs end),
                               sum(coalesce(m.inputTokens, 0) + coalesce(m.outputTokens, 0)),
                               avg(m.ttftMs),
                               avg(m.tokensPerSecond)
                        from MessageEntity m where m.agentId = :agentId""", Object[].class)
                .setParameter("reply", MessageRole.AGENT)
                .setParameter("agentId", agentId)
                .getSingleResult());
        Optional<Speed> speed = row[4] == null || row[5] == null
                ? Optional.empty()
                : Optional.of(new Speed(
                        Math.round(((Number) row[4]).doubleValue()),
                        Math.round(((Number) row[5]).doubleValue() * 10) / 10.0));
        return new AgentStats(
                longOf(row[0]),
                longOf(row[1]),
                row[2] == null ? 0 : ((Number) row[2]).doubleValue(),
                longOf(row[3]),
                speed);
    }

    @Override
    public List<ReplyLatency> recentReplyLatencies(long agentId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        // Ordered as the (agent_id, id) index so that H2 reads it backwards and stops after the last reply needed.
        List<ReplyLatency> newestFirst = transactions.read(session -> session
                .createSelectionQuery("""
                        select m.id, m.durationMs, m.createdAt from MessageEntity m
                        where m.agentId = :agentId and m.id < :beforeId
                          and m.role = :reply and m.durationMs is not null
                        order by m.agentId desc, m.id desc""", Object[].class)
                .setParameter("agentId", agentId)
                .setParameter("beforeId", Long.MAX_VALUE)
                .setParameter("reply", MessageRole.AGENT)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(row -> new ReplyLatency(longOf(row[0]), longOf(row[1]), (Instant) row[2]))
                .toList());
        return newestFirst.reversed();
    }

    private static long longOf(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static MessageEntity toEntity(NewMessage message, Instant now) {
        MessageEntity entity = new MessageEntity(
                message.agentId(),
                message.conversationId(),
                message.role(),
                message.content(),
                now,
                message.usage().map(Usage::inputTokens).orElse(null),
                message.usage().map(Usage::outputTokens).orElse(null),
                message.durationMs().orElse(null),
                message.replyTo().orElse(null));
        message.tool().ifPresent(entity::recordToolCall);
        message.usage()
                .flatMap(Usage::speed)
                .ifPresent(speed -> entity.recordSpeed(speed.ttftMs(), speed.tokensPerSecond()));
        if (!message.citations().isEmpty()) {
            entity.recordCitations(CITATIONS.write(message.citations()));
        }
        return entity;
    }

    private static Message toMessage(MessageEntity entity) {
        Optional<Usage> usage = entity.inputTokens() == null && entity.outputTokens() == null
                ? Optional.empty()
                : Optional.of(new Usage(
                        zeroIfNull(entity.inputTokens()),
                        zeroIfNull(entity.outputTokens()),
                        entity.ttftMs() == null || entity.tokensPerSecond() == null
                                ? Optional.empty()
                                : Optional.of(new Speed(entity.ttftMs(), entity.tokensPerSecond()))));
        return new Message(
                entity.id(),
                entity.agentId(),
                entity.conversationId(),
                entity.role(),
                entity.content(),
                entity.createdAt(),
                usage,
                Optional.ofNullable(entity.durationMs()),
                entity.toolCall(),
                entity.citations() == null ? List.of() : CITATIONS.read(entity.citations()));
    }

    private static int zeroIfNull(Integer value) {
        return value == null ? 0 : value;
    }
}
