package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.task.NewTask;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.engine.task.TaskTally;
import io.agentdeck.testing.MutableClock;
import io.agentdeck.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HibernateTaskStoreTest {
    @RegisterExtension
    final TestDatabase db = new TestDatabase();

    private final MutableClock clock = db.clock();
    private HibernateTaskStore tasks;

    @BeforeEach
    void open() {
        tasks = db.tasks();
    }

    @Test
    void createsQueuedTasks() {
        Task task = tasks.create(new NewTask("chat", 1, "{\"text\":\"hi\"}"));

        assertThat(task.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(task.createdAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));
        assertThat(task.result()).isEmpty();
        assertThat(task.error()).isEmpty();
        assertThat(task.startedAt()).isEmpty();
        assertThat(task.finishedAt()).isEmpty();
        assertThat(tasks.findById(task.id())).contains(task);
        assertThat(tasks.findById(999)).isEmpty();
    }

    @Test
    void followsTheStatusLifecycle() {
        Task queued = tasks.create(new NewTask("chat", 1, "input"));
        clock.advance(Duration.ofSeconds(1));
        Task running = queued.running(clock.instant());
        tasks.update(running);
        assertThat(tasks.findById(queued.id())).contains(truncated(running));

        clock.advance(Duration.ofSeconds(2));
        Task succeeded = running.succeeded("output", clock.instant());
        tasks.update(succeeded);
        assertThat(tasks.findById(queued.id())).contains(truncated(succeeded));

        Task other = tasks.create(new NewTask("chat", 1, "input"));
        Task failed = other.running(clock.instant()).failed("model down", clock.instant());
        tasks.update(failed);
        assertThat(tasks.findById(other.id()).orElseThrow().error()).contains("model down");

        Task cancelled = tasks.create(new NewTask("chat", 1, "input")).cancelled(clock.instant());
        tasks.update(cancelled);
        assertThat(tasks.findById(cancelled.id()).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void aConditionalUpdateNeverOverwritesAnEndedTask() {
        Task queued = tasks.create(new NewTask("chat", 1, "input"));
        Task running = queued.running(clock.instant());
        assertThat(tasks.updateIfUnfinished(running)).isTrue();
        assertThat(tasks.updateIfUnfinished(running))
                .as("a revived task starts again")
                .isTrue();

        clock.advance(Duration.ofSeconds(1));
        Task cancelled = running.cancelled(clock.instant());
        assertThat(tasks.updateIfUnfinished(cancelled)).isTrue();

        assertThat(tasks.updateIfUnfinished(queued.running(clock.instant())))
                .as("a worker that claimed the task before the cancel does not start it")
                .isFalse();
        assertThat(tasks.updateIfUnfinished(running.succeeded("late", clock.instant())))
                .isFalse();
        assertThat(tasks.findById(queued.id())).contains(truncated(cancelled));
    }

    @Test
    void aResultWithANulCharacterIsStoredByTheUpdateToo() {
        Task task = tasks.create(new NewTask("chat", 1, "input with \u0000 inside"));
        tasks.update(task.running(clock.instant()).succeeded("out\u0000put", clock.instant()));

        Task stored = tasks.findById(task.id()).orElseThrow();
        assertThat(stored.input()).isEqualTo("input with \uFFFD inside");
        assertThat(stored.result()).contains("out\uFFFDput");
    }

    @Test
    void updatingAnUnknownTaskFails() {
        Task ghost = tasks.create(new NewTask("chat", 1, "input"));
        Task unknown = new Task(
                ghost.id() + 100,
                "chat",
                1,
                "input",
                TaskStatus.RUNNING,
                Optional.empty(),
                Optional.empty(),
                ghost.createdAt(),
                Optional.empty(),
                Optional.empty());

        assertThatThrownBy(() -> tasks.update(unknown)).isInstanceOf(EngineException.class);
    }

    @Test
    void findsNewestFirstOptionallyByStatus() {
        Task first = tasks.create(new NewTask("chat", 1, "1"));
        clock.advance(Duration.ofSeconds(1));
        Task second = tasks.create(new NewTask("chat", 1, "2"));
        clock.advance(Duration.ofSeconds(1));
        Task third = tasks.create(new NewTask("chat", 1, "3"));
        tasks.update(second.running(clock.instant()));

        assertThat(tasks.find(Optional.empty(), 10))
                .extracting(Task::id)
                .containsExactly(third.id(), second.id(), first.id());
        assertThat(tasks.find(Optional.empty(), 2)).extracting(Task::id).containsExactly(third.id(), second.id());
        assertThat(tasks.find(Optional.of(TaskStatus.QUEUED), 10))
                .extracting(Task::id)
                .containsExactly(third.id(), first.id());
        assertThat(tasks.find(Optional.of(TaskStatus.RUNNING), 10))
                .extracting(Task::id)
                .containsExactly(second.id());
        assertThat(tasks.find(Optional.of(TaskStatus.FAILED), 10)).isEmpty();
    }

    @Test
    void findsQueuedOldestFirst() {
        Task first = tasks.create(new NewTask("chat", 1, "1"));
        clock.advance(Duration.ofSeconds(1));
        Task started = tasks.create(new NewTask("chat", 1, "2"));
        clock.advance(Duration.ofSeconds(1));
        Task last = tasks.create(new NewTask("chat", 1, "3"));
        tasks.update(started.running(clock.instant()));

        assertThat(tasks.findQueued()).containsExactly(first, last);
    }

    @Test
    void failRunningMarksOnlyRunningTasks() {
        Task queued = tasks.create(new NewTask("chat", 1, "q"));
        Task running1 = tasks.create(new NewTask("chat", 1, "r1"));
        Task running2 = tasks.create(new NewTask("chat", 2, "r2"));
        Task done = tasks.create(new NewTask("chat", 1, "d"));
        tasks.update(running1.running(clock.instant()));
        tasks.update(running2.running(clock.instant()));
        tasks.update(done.running(clock.instant()).succeeded("ok", clock.instant()));
        Instant crash = clock.instant().plusSeconds(60);

        int failed = tasks.failRunning("interrupted", crash);

        assertThat(failed).isEqualTo(2);
        for (Task task : new Task[] {running1, running2}) {
            Task stored = tasks.findById(task.id()).orElseThrow();
            assertThat(stored.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(stored.error()).contains("interrupted");
            assertThat(stored.finishedAt()).contains(crash.truncatedTo(ChronoUnit.MICROS));
            assertThat(stored.startedAt()).isPresent();
        }
        assertThat(tasks.findById(queued.id()).orElseThrow().status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(tasks.findById(done.id()).orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(tasks.failRunning("interrupted", crash)).isZero();
    }

    private static Task truncated(Task task) {
        return new Task(
                task.id(),
                task.type(),
                task.agentId(),
                task.input(),
                task.status(),
                task.result(),
                task.error(),
                task.createdAt(),
                task.startedAt().map(at -> at.truncatedTo(ChronoUnit.MICROS)),
                task.finishedAt().map(at -> at.truncatedTo(ChronoUnit.MICROS)));
    }

    @Test
    void tallyCountsEveryStatusAndListsTheUnfinishedTasks() {
        assertThat(tasks.tally().newestId()).as("no tasks yet").isZero();
        Task queued = tasks.create(new NewTask("chat", 1, "waiting"));
        Task running = tasks.create(new NewTask("chat", 1, "working"));
        tasks.update(running.running(clock.instant()));
        for (int i = 0; i < 3; i++) {
            Task task = tasks.create(new NewTask("chat", 1, "done " + i));
            tasks.update(task.running(clock.instant()).succeeded("ok", clock.instant()));
        }
        Task failed = tasks.create(new NewTask("chat", 1, "broken"));
        tasks.update(failed.running(clock.instant()).failed("model down", clock.instant()));

        TaskTally tally = tasks.tally();

        assertThat(tally.count(TaskStatus.QUEUED)).isEqualTo(1);
        assertThat(tally.count(TaskStatus.RUNNING)).isEqualTo(1);
        assertThat(tally.count(TaskStatus.SUCCEEDED)).isEqualTo(3);
        assertThat(tally.count(TaskStatus.FAILED)).isEqualTo(1);
        assertThat(tally.count(TaskStatus.CANCELLED)).isZero();
        assertThat(tally.unfinished())
                .containsExactlyInAnyOrderEntriesOf(
                        java.util.Map.of(queued.id(), TaskStatus.QUEUED, running.id(), TaskStatus.RUNNING));
        assertThat(tally.newestId()).isEqualTo(failed.id());
    }
}
