package io.agentdeck.engine.workflow;

import io.agentdeck.engine.turn.Usage;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A goal the Driver plans and the team carries out, as stored after every change. {@code taskId} is the background task
 * that runs it (a resume runs it under a new task); {@code replans} counts the plans after the first.
 */
public record Workflow(
        String id,
        long taskId,
        String goal,
        WorkflowStatus status,
        Optional<String> stopReason,
        List<Step> steps,
        Optional<String> result,
        Usage usage,
        WorkflowLimits limits,
        int replans,
        Instant createdAt,
        Optional<Instant> finishedAt) {

    public Workflow {
        steps = List.copyOf(steps);
    }

    public Workflow withStatus(WorkflowStatus next) {
        return with(w -> w.status = next);
    }

    public Workflow withSteps(List<Step> next) {
        return with(w -> w.steps = next);
    }

    public Workflow withUsage(Usage next) {
        return with(w -> w.usage = next);
    }

    public Workflow withReplans(int next) {
        return with(w -> w.replans = next);
    }

    public Workflow withTask(long next) {
        return with(w -> w.taskId = next);
    }

    /** Ends the workflow: succeeded with a result, or failed, cancelled, stopped or interrupted with a reason. */
    public Workflow finished(WorkflowStatus end, Optional<String> reason, Optional<String> text, Instant at) {
        return with(w -> {
            w.status = end;
            w.stopReason = reason;
            w.result = text;
            w.finishedAt = Optional.of(at);
        });
    }

    /**
     * How deep in delegation a step is: a planned step is at depth 1, a step it delegates at 2, and so on. A step whose
     * delegator is gone counts as planned.
     */
    public int depthOf(Step step) {
        int depth = 1;
        Optional<Integer> by = step.delegatedBy();
        while (by.isPresent() && depth <= steps.size()) {
            depth++;
            by = stepNumbered(by.get()).flatMap(Step::delegatedBy);
        }
        return depth;
    }

    public Optional<Step> stepNumbered(int number) {
        return steps.stream().filter(s -> s.step() == number).findFirst();
    }

    /**
     * Running again after an interruption or a stop: what did not succeed is to do again. A step runs again from its
     * start, so what it delegated goes with it: a delegated step is kept only if it succeeded and so did the step that
     * delegated it (and that one's delegator, and so on); the step that runs again may delegate anew.
     */
    public Workflow resumed(long newTaskId) {
        Set<Integer> kept = new HashSet<>();
        for (Step step :
                steps.stream().sorted(Comparator.comparingInt(Step::step)).toList()) {
            boolean keep = step.delegatedBy()
                    .map(by -> step.status() == StepStatus.SUCCEEDED
                            && kept.contains(by)
                            && stepNumbered(by).orElseThrow().status() == StepStatus.SUCCEEDED)
                    .orElse(true);
            if (keep) {
                kept.add(step.step());
            }
        }
        List<Step> again = steps.stream()
                .filter(step -> kept.contains(step.step()))
                .map(step -> step.status() == StepStatus.SUCCEEDED ? step : step.reset())
                .toList();
        return with(w -> {
            w.taskId = newTaskId;
            w.status = steps.isEmpty() ? WorkflowStatus.PLANNING : WorkflowStatus.RUNNING;
            w.stopReason = Optional.empty();
            w.steps = again;
            w.result = Optional.empty();
            w.finishedAt = Optional.empty();
        });
    }

    /** A copy with {@code change} made to what may change of a workflow; its id, goal, limits and start are kept. */
    private Workflow with(Consumer<Changes> change) {
        Changes next = new Changes(this);
        change.accept(next);
        return new Workflow(
                id,
                next.taskId,
                goal,
                next.status,
                next.stopReason,
                next.steps,
                next.result,
                next.usage,
                limits,
                next.replans,
                createdAt,
                next.finishedAt);
    }

    /** What may change of a workflow as it runs. */
    private static final class Changes {
        long taskId;
        WorkflowStatus status;
        Optional<String> stopReason;
        List<Step> steps;
        Optional<String> result;
        Usage usage;
        int replans;
        Optional<Instant> finishedAt;

        Changes(Workflow workflow) {
            taskId = workflow.taskId;
            status = workflow.status;
            stopReason = workflow.stopReason;
            steps = workflow.steps;
            result = workflow.result;
            usage = workflow.usage;
            replans = workflow.replans;
            finishedAt = workflow.finishedAt;
        }
    }
}
