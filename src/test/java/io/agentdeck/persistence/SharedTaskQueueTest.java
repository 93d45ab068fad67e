package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.task.NewTask;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskProcessor;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.testing.PostgresCluster;
import io.agentdeck.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one JVM, each with its own database pool, task store and db-scheduler, sharing a real PostgreSQL
 * database: every task runs exactly once on one of them, a node that stops hands its running task to the other, and a
 * task running on one node is cancelled from the other.
 */
class SharedTaskQueueTest {
    private static final String WORK = "work";
    private static PostgresCluster postgres;

    private final List<Node> nodes = new ArrayList<>();
    private DatabaseConfig config;

    @BeforeAll
    static void usePostgres() {
        postgres = TestDatabases.sharedPostgres();
    }

    @BeforeEach
    void createDatabase() {
        config = DatabaseConfig.fromUrl(
                postgres.createDatabase(), Optional.of(postgres.user()), Optional.of(postgres.password()));
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Node::close);
        postgres.dropDatabase(config.jdbcUrl());
    }

    @Test
    void fiveHundredTasksFromBothNodesRunOnceEachAndBothNodesWork() {
        Map<Long, List<String>> ranBy = new ConcurrentHashMap<>();
        Node a = node(
                "a",
                (task, node) -> ranBy.computeIfAbsent(task.id(), id -> new CopyOnWriteArrayList<>())
                        .add(node));
        Node b = node(
                "b",
                (task, node) -> ranBy.computeIfAbsent(task.id(), id -> new CopyOnWriteArrayList<>())
                        .add(node));

        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Node submitter = i % 2 == 0 ? a : b;
            ids.add(submitter
                    .tasks
                    .submit(new NewTask(WORK, 1, "task " + i), Optional.empty())
                    .id());
        }

        await().atMost(Duration.ofSeconds(120))
                .until(() ->
                        a.tasks.list(Optional.of(TaskStatus.SUCCEEDED), 1000).size() == 500);
        assertThat(ranBy).containsOnlyKeys(ids);
        assertThat(ranBy.values()).allSatisfy(runs -> assertThat(runs).hasSize(1));
        assertThat(ranBy.values().stream().map(List::getFirst).distinct()).containsExactlyInAnyOrder("a", "b");
        assertThat(a.tasks.list(Optional.empty(), 1000))
                .extracting(Task::result)
                .allSatisfy(result -> assertThat(result).get().asString().startsWith("done by "));
    }

    @Test
    void aNodeThatStopsHandsItsRunningTaskToAnotherNode() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Node a = node("a", (task, node) -> {
            started.countDown();
            sleepUntilInterrupted();
        });
        long id = a.tasks
                .submit(new NewTask(WORK, 1, "long work"), Optional.empty())
                .id();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        Node b = node("b", (task, node) -> {});

        a.close();

        Task done = b.tasks.await(id, Duration.ofSeconds(30));
        assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(done.result()).contains("done by b");
    }

    @Test
    void aTaskRunningOnOneNodeIsCancelledFromTheOther() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Node a = node("a", (task, node) -> {
            started.countDown();
            sleepUntilInterrupted();
        });
        Node b = node("b", (task, node) -> sleepUntilInterrupted());
        long id = a.tasks
                .submit(new NewTask(WORK, 1, "long work"), Optional.empty())
                .id();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

        assertThat(b.tasks.cancel(id).status()).isEqualTo(TaskStatus.CANCELLED);

        await().atMost(Duration.ofSeconds(10)).until(() -> a.runningNow() == 0);
        assertThat(a.tasks.find(id).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void aQueuedTaskIsCancelledBeforeAnyNodeRunsIt() {
        Node a = node("a", (task, node) -> sleepUntilInterrupted());
        // Four tasks keep a's four workers busy; the fifth waits in the table.
        List<Long> busy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            busy.add(a.tasks
                    .submit(new NewTask(WORK, 1, "busy " + i), Optional.empty())
                    .id());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> a.runningNow() == 4);
        long waiting = a.tasks
                .submit(new NewTask(WORK, 1, "waiting"), Optional.empty())
                .id();

        assertThat(a.tasks.cancel(waiting).status()).isEqualTo(TaskStatus.CANCELLED);
        busy.forEach(a.tasks::cancel);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.runningNow() == 0);
        assertThat(a.ran).doesNotContain("waiting");
    }

    @Test
    void aTaskCancelledWhileAWorkerClaimsItNeverGetsPastItsWait() throws Exception {
        // The work waits a moment before its real effect, as an operator task waits for the Driver's lane before it
        // asks the model. Cancels land at every point of the claim: before it, during it, after the start.
        List<String> reachedTheModel = new CopyOnWriteArrayList<>();
        Node a = node("a", (task, node) -> {
            try {
                Thread.sleep(150);
                reachedTheModel.add(task.input());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long id = a.tasks
                    .submit(new NewTask(WORK, 1, "task " + i), Optional.empty())
                    .id();
            ids.add(id);
            Thread.sleep(i % 12);
            assertThat(a.tasks.cancel(id).status()).isEqualTo(TaskStatus.CANCELLED);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> a.runningNow() == 0);
        Thread.sleep(300); // long enough for any work that was not stopped to get past its wait
        assertThat(reachedTheModel).isEmpty();
        assertThat(ids)
                .allSatisfy(id ->
                        assertThat(a.tasks.find(id).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED));
    }

    private static void sleepUntilInterrupted() {
        try {
            Thread.sleep(Duration.ofMinutes(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Node node(String name, Work work) {
        Node node = new Node(name, config, work);
        nodes.add(node);
        return node;
    }

    @FunctionalInterface
    private interface Work {
        void run(Task task, String node);
    }

    /** One node: its own pool, store, event bus, processor and job engine, as a separate process would have. */
    private static final class Node implements AutoCloseable {
        final TaskProcessor tasks;
        final List<String> ran = new CopyOnWriteArrayList<>();
        private final Database database;
        private final Map<Long, Thread> running = new ConcurrentHashMap<>();
        private boolean closed;

        Node(String name, DatabaseConfig config, Work work) {
            this.database = Database.open(config);
            this.tasks = new TaskProcessor(
                    new HibernateTaskStore(database.transactions()),
                    new EventBus(),
                    Clock.systemUTC(),
                    new SharedTaskQueue(config, "node-" + name, 4, database));
            tasks.registerHandler(WORK, (task, control) -> {
                Thread self = Thread.currentThread();
                running.put(task.id(), self);
                control.onCancel(self::interrupt);
                try {
                    ran.add(task.input());
                    work.run(task, name);
                    return "done by " + name;
                } finally {
                    running.remove(task.id());
                }
            });
            tasks.start();
            tasks.recoveryDone();
        }

        int runningNow() {
            return running.size();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                tasks.close();
                database.close();
            }
        }
    }
}
