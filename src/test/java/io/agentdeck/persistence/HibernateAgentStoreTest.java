package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentType;
import io.agentdeck.engine.agent.NewAgent;
import io.agentdeck.engine.chat.Conversation;
import io.agentdeck.engine.chat.MessageRole;
import io.agentdeck.engine.chat.NewMessage;
import io.agentdeck.testing.MutableClock;
import io.agentdeck.testing.TestDatabase;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HibernateAgentStoreTest {
    private static final int THREADS = 8;

    @RegisterExtension
    final TestDatabase db = new TestDatabase();

    private final MutableClock clock = db.clock();
    private HibernateAgentStore agents;

    @BeforeEach
    void open() {
        agents = db.agents();
    }

    @Test
    void savesAndFindsAnAgentWithEveryField() {
        Agent saved = agents.save(new NewAgent(
                "Scout",
                AgentType.DYNAMIC,
                "Finds sources",
                "You find sources.\nAlways cite them.",
                List.of("search", "cite"),
                Optional.empty(),
                Optional.of("research backlog")));

        assertThat(saved.id()).isGreaterThanOrEqualTo(4);
        assertThat(saved.createdAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));
        assertThat(agents.findById(saved.id())).contains(saved);
        assertThat(agents.findByNameIgnoreCase("sCOUT")).contains(saved);
        assertThat(agents.findByNameIgnoreCase("Scout2")).isEmpty();
        assertThat(agents.findById(999)).isEmpty();
    }

    @Test
    void coreAgentsKeepTheirIdsAndDynamicOnesStartAfterThem() {
        Agent driver = agents.saveWithId(1, Fixtures.coreAgent("Driver", AgentType.DRIVER));
        agents.saveWithId(2, Fixtures.coreAgent("Creator", AgentType.CREATOR));
        agents.saveWithId(3, Fixtures.coreAgent("Generator", AgentType.GENERATOR));
        Agent dynamic = agents.save(Fixtures.dynamicAgent("Scout"));

        assertThat(driver.id()).isEqualTo(1);
        assertThat(dynamic.id()).isEqualTo(4);
        assertThat(agents.findAll()).extracting(Agent::id).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void saveWithIdIsIdempotent() {
        Agent first = agents.saveWithId(1, Fixtures.coreAgent("Driver", AgentType.DRIVER));
        clock.advance(Duration.ofHours(1));

        Agent second = agents.saveWithId(1, Fixtures.coreAgent("Driver (edited)", AgentType.DRIVER));

        assertThat(second).isEqualTo(first);
        assertThat(agents.findAll()).containsExactly(first);
    }

    @Test
    void namesAreUniqueRegardlessOfCase() {
        agents.save(Fixtures.dynamicAgent("Scout"));

        assertThatThrownBy(() -> agents.save(Fixtures.dynamicAgent("SCOUT")))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThatThrownBy(() -> agents.saveWithId(1, Fixtures.coreAgent("scout", AgentType.DRIVER)))
                .isInstanceOf(EngineException.class);
        assertThat(agents.findAll()).hasSize(1);
    }

    /** Two stores stand in for two processes, so the unique index is exercised too (Hibernate logs its errors). */
    @Test
    void concurrentSavesOfOneNameLetExactlyOneThrough() throws Exception {
        var otherProcess = db.agents();
        List<Callable<Agent>> saves = IntStream.range(0, THREADS)
                .mapToObj(i -> (Callable<Agent>) () -> i % 2 == 0
                        ? agents.save(Fixtures.dynamicAgent("Scout"))
                        : otherProcess.save(Fixtures.dynamicAgent("SCOUT")))
                .toList();

        List<Future<Agent>> outcomes = runTogether(saves);

        int saved = 0;
        for (Future<Agent> outcome : outcomes) {
            try {
                outcome.get();
                saved++;
            } catch (ExecutionException e) {
                assertThat(e.getCause())
                        .isInstanceOfSatisfying(
                                EngineException.class,
                                failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.CONFLICT));
            }
        }
        assertThat(saved).isEqualTo(1);
        assertThat(agents.findAll()).hasSize(1);
    }

    @Test
    void concurrentSeedingOfACoreAgentStoresItOnce() throws Exception {
        var otherProcess = db.agents();
        NewAgent driver = Fixtures.coreAgent("Driver", AgentType.DRIVER);
        List<Callable<Agent>> seeds = IntStream.range(0, THREADS)
                .mapToObj(i -> (Callable<Agent>) () -> (i % 2 == 0 ? agents : otherProcess).saveWithId(1, driver))
                .toList();

        List<Future<Agent>> outcomes = runTogether(seeds);

        for (Future<Agent> outcome : outcomes) {
            assertThat(outcome.get()).isEqualTo(outcomes.getFirst().get());
        }
        assertThat(agents.findAll()).hasSize(1);
    }

    @Test
    void keepsWhoCreatedAnAgentUntilTheCreatorIsDeleted() {
        Agent creator = agents.saveWithId(2, Fixtures.coreAgent("Creator", AgentType.CREATOR));
        NewAgent designed = new NewAgent(
                "Scout", AgentType.DYNAMIC, "r", "p", List.of(), Optional.of(creator.id()), Optional.empty());
        Agent scout = agents.save(designed);
        assertThat(scout.createdBy()).contains(2L);

        agents.delete(creator.id());

        assertThat(agents.findById(scout.id()))
                .get()
                .extracting(Agent::createdBy)
                .isEqualTo(Optional.empty());
    }

    @Test
    void deletingAnAgentRemovesItsConversationsAndMessages() {
        var conversations = db.conversations();
        var messages = db.messages();
        Agent doomed = agents.save(Fixtures.dynamicAgent("Doomed"));
        Agent kept = agents.save(Fixtures.dynamicAgent("Kept"));
        Conversation doomedThread = conversations.defaultFor(doomed.id());
        Conversation doomedOther = conversations.create(doomed.id(), "side");
        Conversation keptThread = conversations.defaultFor(kept.id());
        messages.append(NewMessage.of(doomed.id(), doomedThread.id(), MessageRole.USER, "bye"));
        messages.append(NewMessage.of(doomed.id(), doomedOther.id(), MessageRole.USER, "bye too"));
        messages.append(NewMessage.of(kept.id(), keptThread.id(), MessageRole.USER, "hi"));

        agents.delete(doomed.id());

        assertThat(agents.findById(doomed.id())).isEmpty();
        assertThat(conversations.findByAgent(doomed.id())).isEmpty();
        assertThat(conversations.findById(doomedOther.id())).isEmpty();
        assertThat(messages.page(doomed.id(), Optional.empty(), Optional.empty(), 10)
                        .messages())
                .isEmpty();

        assertThat(conversations.findByAgent(kept.id())).containsExactly(keptThread);
        assertThat(messages.page(kept.id(), Optional.empty(), Optional.empty(), 10)
                        .messages())
                .hasSize(1);
    }

    @Test
    void deletingAnUnknownAgentDoesNothing() {
        agents.save(Fixtures.dynamicAgent("Scout"));

        agents.delete(42);

        assertThat(agents.findAll()).hasSize(1);
    }

    private static <T> List<Future<T>> runTogether(List<Callable<T>> calls) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures;
        try (ExecutorService pool = Executors.newFixedThreadPool(calls.size())) {
            futures = calls.stream()
                    .map(call -> pool.submit(() -> {
                        start.await();
                        return call.call();
                    }))
                    .toList();
            start.countDown();
        }
        return futures;
    }
}
