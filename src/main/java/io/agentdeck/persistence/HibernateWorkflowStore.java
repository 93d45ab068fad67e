package io.agentdeck.persistence;

import io.agentdeck.engine.store.WorkflowStore;
import io.agentdeck.engine.turn.Usage;
import io.agentdeck.engine.workflow.Step;
import io.agentdeck.engine.workflow.StepStatus;
import io.agentdeck.engine.workflow.Workflow;
import io.agentdeck.engine.workflow.WorkflowLimits;
import io.agentdeck.engine.workflow.WorkflowStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.hibernate.query.SelectionQuery;

/**
 * Workflows and their steps; every write stores the whole workflow as it is, in one durable transaction (steps it no
 * longer has, such as delegated steps dropped by a resume, are deleted).
 */
public final class HibernateWorkflowStore implements WorkflowStore {
    private static final List<String> UNFINISHED = List.of(
            WorkflowStatus.PLANNING.wireName(),
            WorkflowStatus.RUNNING.wireName(),
            WorkflowStatus.WAITING_APPROVAL.wireName());

    private final Transactions transactions;

    public HibernateWorkflowStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void create(Workflow workflow) {
        transactions.writeWithoutResult(session -> write(session, workflow, new WorkflowEntity(workflow.id()), true));
    }

    @Override
    public void update(Workflow workflow) {
        transactions.writeWithoutResult(session -> {
            WorkflowEntity entity = session.find(WorkflowEntity.class, workflow.id());
            if (entity == null) {
                write(session, workflow, new WorkflowEntity(workflow.id()), true);
            } else {
                write(session, workflow, entity, false);
            }
        });
    }

    @Override
    public Optional<Workflow> findById(String id) {
        return transactions.read(session ->
                Optional.ofNullable(session.find(WorkflowEntity.class, id)).map(entity -> toWorkflow(session, entity)));
    }

    @Override
    public Optional<Workflow> findByTaskId(long taskId) {
        return transactions.read(session -> session
                .createSelectionQuery("from WorkflowEntity w where w.taskId = :task", WorkflowEntity.class)
                .setParameter("task", taskId)
                .getResultList()
                .stream()
                .findFirst()
                .map(entity -> toWorkflow(session, entity)));
    }

    @Override
    public List<Workflow> find(Optional<WorkflowStatus> status, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        String hql = "from WorkflowEntity w"
                + (status.isPresent() ? " where w.status = :status" : "")
                + " order by w.createdAt desc, w.id desc";
        return transactions.read(session -> {
            SelectionQuery<WorkflowEntity> query =
                    session.createSelectionQuery(hql, WorkflowEntity.class).setMaxResults(limit);
            status.ifPresent(value -> query.setParameter("status", value.wireName()));
            return query.getResultList().stream()
                    .map(entity -> toWorkflow(session, entity))
                    .toList();
        });
    }

    @Override
    public int interruptUnfinished(Instant at) {
        return transactions.write(session -> {
            session.createMutationQuery("""
                            update WorkflowStepEntity s set s.status = :pending, s.startedAt = null
                            where s.status in (:running, :waiting)
                              and s.workflowId in (select w.id from WorkflowEntity w where w.status in (:unfinished))""")
                    .setParameter("pending", StepStatus.PENDING.wireName())
                    .setParameter("running", StepStatus.RUNNING.wireName())
                    .setParameter("waiting", StepStatus.WAITING_APPROVAL.wireName())
                    .setParameterList("unfinished", UNFINISHED)
                    .executeUpdate();
            return session.createMutationQuery("""
                            update WorkflowEntity w set w.status = :interrupted, w.stopReason = :reason
                            where w.status in (:unfinished)""")
                    .setParameter("interrupted", WorkflowStatus.INTERRUPTED.wireName())
                    .setParameter("reason", "AgentDeck stopped while the workflow ran")
                    .setParameterList("unfinished", UNFINISHED)
                    .executeUpdate();
        });
    }

    private static void write(Session session, Workflow workflow, WorkflowEntity entity, boolean isNew) {
        entity.taskId = workflow.taskId();
        entity.goal = workflow.goal();
        entity.status = workflow.status().wireName();
        entity.stopReason = workflow.stopReason().orElse(null);
        entity.result = workflow.result().orElse(null);
        entity.inputTokens = workflow.usage().inputTokens();
        entity.outputTokens = workflow.usage().outputTokens();
        entity.maxSteps = workflow.limits().maxSteps();
        entity.maxDepth = workflow.limits().maxDepth();
        entity.maxTokens = workflow.limits().maxTokens();
        entity.timeoutS = workflow.limits().timeoutS();
        entity.allowNewAgents = workflow.limits().allowNewAgents();
        entity.replans = workflow.replans();
        entity.createdAt = Timestamps.stored(workflow.createdAt());
        entity.finishedAt = Timestamps.stored(workflow.finishedAt());
        if (isNew) {
            session.persist(entity);
        }
        Map<Integer, WorkflowStepEntity> stored = new HashMap<>();
        if (!isNew) {
            steps(session, workflow.id()).forEach(step -> stored.put(step.step, step));
        }
        for (Step step : workflow.steps()) {
            WorkflowStepEntity row = stored.remove(step.step());
            boolean newRow = row == null;
            if (newRow) {
                row = new WorkflowStepEntity(workflow.id(), step.step());
            }
            row.agentId = step.agentId().orElse(null);
            row.agentName = step.agentName();
            row.instruction = step.instruction();
            row.dependsOn = step.dependsOn().stream().map(String::valueOf).collect(Collectors.joining(","));
            row.delegatedBy = step.delegatedBy().orElse(null);
            row.status = step.status().wireName();
            row.output = step.output().orElse(null);
            row.error = step.error().orElse(null);
            row.inputTokens = step.usage().inputTokens();
            row.outputTokens = step.usage().outputTokens();
            row.startedAt = Timestamps.stored(step.startedAt());
            row.finishedAt = Timestamps.stored(step.finishedAt());
            if (newRow) {
                session.persist(row);
            }
        }
        stored.values().forEach(session::remove);
    }

    private static List<WorkflowStepEntity> steps(Session session, String workflowId) {
        return session.createSelectionQuery(
                        "from WorkflowStepEntity s where s.workflowId = :workflow order by s.step",
                        WorkflowStepEntity.class)
                .setParameter("workflow", workflowId)
                .getResultList();
    }

    private static Workflow toWorkflow(Session session, WorkflowEntity entity) {
        return new Workflow(
                entity.id,
                entity.taskId,
                entity.goal,
                WorkflowStatus.fromWireName(entity.status).orElseThrow(),
                Optional.ofNullable(entity.stopReason),
                steps(session, entity.id).stream()
                        .map(HibernateWorkflowStore::toStep)
                        .toList(),
                Optional.ofNullable(entity.result),
                new Usage((int) entity.inputTokens, (int) entity.outputTokens),
                new WorkflowLimits(
                        entity.maxSteps, entity.maxDepth, entity.maxTokens, entity.timeoutS, entity.allowNewAgents),
                entity.replans,
                entity.createdAt,
                Optional.ofNullable(entity.finishedAt));
    }

    private static Step toStep(WorkflowStepEntity row) {
        List<Integer> dependsOn = row.dependsOn.isEmpty()
                ? List.of()
                : Arrays.stream(row.dependsOn.split(",")).map(Integer::valueOf).toList();
        return new Step(
                row.step,
                Optional.ofNullable(row.agentId),
                row.agentName,
                row.instruction,
                dependsOn,
                Optional.ofNullable(row.delegatedBy),
                StepStatus.fromWireName(row.status),
                Optional.ofNullable(row.output),
                Optional.ofNullable(row.error),
                new Usage((int) row.inputTokens, (int) row.outputTokens),
                Optional.ofNullable(row.startedAt),
                Optional.ofNullable(row.finishedAt));
    }
}
