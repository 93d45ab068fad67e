package io.agentdeck.persistence;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.hibernate.SessionFactory;

/** LangChain4j's memory of each thread, as one JSON document per memory id (the conversation id). */
public final class PersistentChatMemoryStore implements ChatMemoryStore {
    private final SessionFactory sessions;
    private final Clock clock;

    public PersistentChatMemoryStore(SessionFactory sessions) {
        this(sessions, Clock.systemUTC());
    }

    public PersistentChatMemoryStore(SessionFactory sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    static String keyOf(Object memoryId) {
        return Objects.requireNonNull(memoryId, "memoryId").toString();
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        String key = keyOf(memoryId);
        String json = sessions.fromTransaction(session -> {
            ChatMemoryEntity entity = session.find(ChatMemoryEntity.class, key);
            return entity == null ? null : entity.messagesJson();
        });
        return json == null ? List.of() : ChatMessageDeserializer.messagesFromJson(json);
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        String key = keyOf(memoryId);
        String json = ChatMessageSerializer.messagesToJson(messages);
        Instant now = Timestamps.now(clock);
        sessions.inTransaction(session -> {
            ChatMemoryEntity entity = session.find(ChatMemoryEntity.class, key);
            if (entity == null) {
                session.persist(new ChatMemoryEntity(key, json, now));
            } else {
                entity.replace(json, now);
            }
        });
    }

    @Override
    public void deleteMessages(Object memoryId) {
        String key = keyOf(memoryId);
        sessions.inTransaction(
                session -> session.createMutationQuery("delete from ChatMemoryEntity m where m.memoryId = :memoryId")
                        .setParameter("memoryId", key)
                        .executeUpdate());
    }
}
