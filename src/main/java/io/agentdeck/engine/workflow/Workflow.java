package io.agentdeck.engine.workflow;

import io.agentdeck.engine.turn.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
        return new Workflow(
                id, taskId, goal, next, stopReason, steps, result, usage, limits, replans, createdAt, finishedAt);
    }

    public Workflow withSteps(List<Step> next) {
        return new Workflow(
                id, taskId, goal, status, stopReason, next, result, usage, limits, replans, createdAt, finishedAt);
    }

    public Workflow withUsage(Usage next) {
        return new Workflow(
                id, taskId, goal, status, stopReason, steps, result, next, limits, replans, createdAt, finishedAt);
    }

    public Workflow withReplans(int next) {
        return new Workflow(
                id, taskId, goal, status, stopReason, steps, result, usage, limits, next, createdAt, finishedAt);
    }

    public Workflow withTask(long next) {
        return new Workflow(
                id, next, goal, status, stopReason, steps, result, usage, limits, replans, createdAt, finishedAt);
    }

    /** Ends the workflow: succeeded with a result, or failed, cancelled, stopped or interrupted with a reason. */
    public Workflow finished(WorkflowStatus end, Optional<String> reason, Optional<String> text, Instant at) {
        return new Workflow(
                id, taskId, goal, end, reason, steps, text, usage, limits, replans, createdAt, Optional.of(at));
    }

    /** Running again after an interruption or a stop: what did not succeed is to do again. */
    public Workflow resumed(long newTaskId) {
        List<Step> again = steps.stream()
                .map(step -> step.status() == StepStatus.SUCCEEDED ? step : step.reset())
                .toList();
        return new Workflow(
                id,
                newTaskId,
                goal,
                steps.isEmpty() ? WorkflowStatus.PLANNING : WorkflowStatus.RUNNING,
                Optional.empty(),
                again,
                Optional.empty(),
                usage,
                limits,
                replans,
                createdAt,
                Optional.empty());
    }
}
