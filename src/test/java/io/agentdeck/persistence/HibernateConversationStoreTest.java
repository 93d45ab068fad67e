package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.chat.Conversation;
import io.agentdeck.engine.chat.Message;
import io.agentdeck.engine.chat.MessageRole;
import io.agentdeck.engine.chat.NewMessage;
import io.agentdeck.testing.MutableClock;
import io.agentdeck.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HibernateConversationStoreTest {
    private static final int THREADS = 10;

    @RegisterExtension
    final TestDatabase db = new TestDatabase();

    private final MutableClock clock = db.clock();
    private HibernateConversationStore conversations;
    private long agentId;

    @BeforeEach
    void open() {
        conversations = db.conversations();
        agentId = db.agents().save(Fixtures.dynamicAgent("Scout")).id();
    }

    @Test
    void createsTheDefaultThreadOnFirstUseOnly() {
        Conversation first = conversations.defaultFor(agentId);
        clock.advance(Duration.ofMinutes(1));
        Conversation again = conversations.defaultFor(agentId);

        assertThat(first.isDefault()).isTrue();
        assertThat(first.agentId()).isEqualTo(agentId);
        assertThat(first.title()).isEqualTo(HibernateConversationStore.DEFAULT_TITLE);
        assertThat(again).isEqualTo(first);
        assertThat(conversations.findByAgent(agentId)).containsExactly(first);
    }

    @Test
    void concurrentFirstCallsAgreeOnOneDefaultThread() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Conversation>> calls = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            calls.add(() -> {
                start.await();
                return conversations.defaultFor(agentId);
            });
        }
        List<Conversation> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<Conversation>> futures =
                    calls.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Conversation> future : futures) {
                results.add(future.get());
            }
        }

        assertThat(results).hasSize(THREADS).containsOnly(results.getFirst());
        assertThat(conversations.findByAgent(agentId)).containsExactly(results.getFirst());
    }

    /** Stands in for two processes sharing a database: the unique index decides (Hibernate logs the loser's error). */
    @Test
    void twoStoresOnOneDatabaseAlsoAgreeOnTheDefault() throws Exception {
        var other = db.conversations();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<Conversation>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                HibernateConversationStore store = i % 2 == 0 ? conversations : other;
                futures.add(pool.submit(() -> {
                    start.await();
                    return store.defaultFor(agentId);
                }));
            }
            start.countDown();
            for (Future<Conversation> future : futures) {
                assertThat(future.get()).isEqualTo(futures.getFirst().get());
            }
        }
        assertThat(conversations.findByAgent(agentId)).hasSize(1);
    }

    @Test
    void listsTheDefaultFirstThenTheMostRecentlyUpdated() {
        var messages = db.messages();
        Conversation older = conversations.create(agentId, "older");
        clock.advance(Duration.ofMinutes(1));
        Conversation newer = conversations.create(agentId, "newer");
        clock.advance(Duration.ofMinutes(1));
        Conversation standard = conversations.defaultFor(agentId);
        assertThat(conversations.findByAgent(agentId)).containsExactly(standard, newer, older);

        clock.advance(Duration.ofMinutes(1));
        messages.append(NewMessage.of(agentId, older.id(), MessageRole.USER, "bump"));

        assertThat(conversations.findByAgent(agentId))
                .extracting(Conversation::title)
                .containsExactly(HibernateConversationStore.DEFAULT_TITLE, "older", "newer");
        assertThat(conversations.findById(older.id()).orElseThrow().updatedAt()).isAfter(older.updatedAt());
    }

    @Test
    void renamesAThread() {
        Conversation created = conversations.create(agentId, "draft");
        clock.advance(Duration.ofSeconds(5));

        Conversation renamed = conversations.rename(created.id(), "final");

        assertThat(renamed.title()).isEqualTo("final");
        assertThat(renamed.createdAt()).isEqualTo(created.createdAt());
        assertThat(conversations.findById(created.id())).contains(renamed);
        assertThatThrownBy(() -> conversations.rename(999, "x"))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void rejectsThreadsOfUnknownAgentsAndOverlongTitles() {
        assertThatThrownBy(() -> conversations.create(999, "x"))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> conversations.defaultFor(999)).isInstanceOf(EngineException.class);
        assertThatThrownBy(() ->
                        conversations.create(agentId, "x".repeat(HibernateConversationStore.MAX_TITLE_LENGTH + 1)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
    }

    @Test
    void deletingAThreadRemovesItsMessagesOnly() {
        var messages = db.messages();
        Conversation kept = conversations.defaultFor(agentId);
        Conversation doomed = conversations.create(agentId, "doomed");
        messages.append(NewMessage.of(agentId, kept.id(), MessageRole.USER, "stay"));
        messages.append(NewMessage.of(agentId, doomed.id(), MessageRole.USER, "go"));

        conversations.delete(doomed.id());

        assertThat(conversations.findById(doomed.id())).isEmpty();
        assertThat(messages.page(agentId, Optional.empty(), Optional.empty(), 10)
                        .messages())
                .extracting(Message::content)
                .containsExactly("stay");
    }
}
