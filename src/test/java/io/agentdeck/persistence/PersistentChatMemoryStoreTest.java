package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentChatMemoryStoreTest {
    @TempDir
    Path dir;

    private Database database;
    private PersistentChatMemoryStore memory;

    @BeforeEach
    void open() {
        database = Fixtures.open(dir);
        memory = new PersistentChatMemoryStore(database.sessionFactory(), new MutableClock());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void unknownMemoryIsEmpty() {
        assertThat(memory.getMessages(7L)).isEmpty();
    }

    @Test
    void storesReplacesAndDeletesMessagesByMemoryId() {
        List<ChatMessage> first = List.of(UserMessage.from("hi"), AiMessage.from("hello"));
        memory.updateMessages(7L, first);
        assertThat(memory.getMessages(7L)).isEqualTo(first);
        assertThat(memory.getMessages("7")).as("keyed by toString()").isEqualTo(first);

        List<ChatMessage> second = List.of(SystemMessage.from("be brief"), UserMessage.from("again"));
        memory.updateMessages(7L, second);
        memory.updateMessages(8L, List.of(UserMessage.from("other")));
        assertThat(memory.getMessages(7L)).isEqualTo(second);

        memory.deleteMessages(7L);
        assertThat(memory.getMessages(7L)).isEmpty();
        assertThat(memory.getMessages(8L)).containsExactly(UserMessage.from("other"));
        memory.deleteMessages(7L);
    }

    @Test
    void backsLangChain4jChatMemory() {
        ChatMemory chat = MessageWindowChatMemory.builder()
                .id(42L)
                .maxMessages(3)
                .chatMemoryStore(memory)
                .build();
        chat.add(UserMessage.from("one"));
        chat.add(AiMessage.from("two"));
        chat.add(UserMessage.from("three"));
        chat.add(AiMessage.from("four"));

        assertThat(memory.getMessages(42L))
                .containsExactly(AiMessage.from("two"), UserMessage.from("three"), AiMessage.from("four"));
    }
}
