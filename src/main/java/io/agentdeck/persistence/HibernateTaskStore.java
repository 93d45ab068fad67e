package io.agentdeck.persistence;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.store.TaskStore;
import io.agentdeck.engine.task.NewTask;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.engine.task.TaskTally;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.query.SelectionQuery;

public final class HibernateTaskStore implements TaskStore {
    /** The statuses a task can still leave: a conditional update and the tally's open tasks both mean these. */
    private static final List<TaskStatus> UNFINISHED = List.of(TaskStatus.QUEUED, TaskStatus.RUNNING);

    private final Transactions transactions;
    private final Clock clock;

    public HibernateTaskStore(Transactions transactions) {
        this(transactions, Clock.systemUTC());
    }

    public HibernateTaskStore(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Task create(NewTask task) {
        TaskEntity entity =
                new TaskEntity(task.type(), task.agentId(), task.input(), TaskStatus.QUEUED, Timestamps.now(clock));
        transactions.writeWithoutResult(session -> session.persist(entity));
        return toTask(entity);
    }

    @Override
    public void update(Task task) {
        if (write(task, false) == 0) {
            throw EngineException.notFound("No task with id " + task.id() + ".");
        }
    }

    @Override
    public boolean updateIfUnfinished(Task task) {
        return write(task, true) > 0;
    }

    private int write(Task task, boolean onlyUnfinished) {
        String hql = """
                update TaskEntity t
                set t.status = :status, t.result = :result, t.error = :error,
                    t.startedAt = :startedAt, t.finishedAt = :finishedAt
                where t.id = :id""" + (onlyUnfinished ? " and t.status in (:unfinished)" : "");
        return transactions.write(session -> {
            var query = session.createMutationQuery(hql)
                    .setParameter("status", task.status())
                    .setParameter("result", task.result().orElse(null))
                    .setParameter("error", task.error().orElse(null))
                    .setParameter("startedAt", Timestamps.stored(task.startedAt()))
                    .setParameter("finishedAt", Timestamps.stored(task.finishedAt()))
                    .setParameter("id", task.id());
            if (onlyUnfinished) {
                query.setParameter("unfinished", UNFINISHED);
            }
            return query.executeUpdate();
        });
    }

    @Override
    public Optional<Task> findById(long id) {
        return transactions.read(session ->
                Optional.ofNullable(session.find(TaskEntity.class, id)).map(HibernateTaskStore::toTask));
    }

    @Override
    public List<Task> find(Optional<TaskStatus> status, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        String hql = "from TaskEntity t"
                + (status.isPresent() ? " where t.status = :status" : "")
                + " order by t.createdAt desc, t.id desc";
        return transactions.read(session -> {
            SelectionQuery<TaskEntity> query =
                    session.createSelectionQuery(hql, TaskEntity.class).setMaxResults(limit);
            status.ifPresent(value -> query.setParameter("status", value));
            return query.getResultList().stream()
                    .map(HibernateTaskStore::toTask)
                    .toList();
        });
    }

    @Override
    public TaskTally tally() {
        // One statement, so the counts, the unfinished tasks and the newest id all describe the same moment.
        List<Object[]> rows = transactions.read(session -> session.createSelectionQuery("""
                        select t.id, t.status, 1L from TaskEntity t where t.status in (:unfinished)
                        union all
                        select max(t.id), t.status, count(t) from TaskEntity t where t.status in (:finished)
                        group by t.status""", Object[].class)
                .setParameter("unfinished", UNFINISHED)
                .setParameter("finished", List.of(TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.CANCELLED))
                .getResultList());
        Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
        Map<Long, TaskStatus> unfinished = new HashMap<>();
        long newestId = 0;
        for (Object[] row : rows) {
            long id = ((Number) row[0]).longValue();
            TaskStatus status = (TaskStatus) row[1];
            counts.merge(status, ((Number) row[2]).longValue(), Long::sum);
            if (!status.isFinished()) {
                unfinished.put(id, status);
            }
            newestId = Math.max(newestId, id);
        }
        return new TaskTally(counts, unfinished, newestId);
    }

    @Override
    public List<Task> findQueued() {
        return transactions.read(session -> session
                .createSelectionQuery(
                        "from TaskEntity t where t.status = :status order by t.createdAt, t.id", TaskEntity.class)
                .setParameter("status", TaskStatus.QUEUED)
                .getResultList()
                .stream()
                .map(HibernateTaskStore::toTask)
                .toList());
    }

    @Override
    public int failRunning(String error, Instant at) {
        return transactions.write(session -> session.createMutationQuery("""
                        update TaskEntity t set t.status = :failed, t.error = :error, t.finishedAt = :at
                        where t.status = :running""")
                .setParameter("failed", TaskStatus.FAILED)
                .setParameter("error", error)
                .setParameter("at", Timestamps.stored(at))
                .setParameter("running", TaskStatus.RUNNING)
                .executeUpdate());
    }

    private static Task toTask(TaskEntity entity) {
        return new Task(
                entity.id(),
                entity.type(),
                entity.agentId(),
                entity.input(),
                entity.status(),
                Optional.ofNullable(entity.result()),
                Optional.ofNullable(entity.error()),
                entity.createdAt(),
                Optional.ofNullable(entity.startedAt()),
                Optional.ofNullable(entity.finishedAt()));
    }
}
