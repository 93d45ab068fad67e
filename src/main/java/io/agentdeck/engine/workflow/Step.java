package io.agentdeck.engine.workflow;

import io.agentdeck.engine.turn.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One step of a workflow as it stands; {@code agentId} is empty while a new specialist is not created yet.
 * {@code delegatedBy} is the step whose agent asked for this one with the {@code delegate} tool (empty for a planned
 * step); such a step depends on nothing and runs as soon as it is asked for.
 */
public record Step(
        int step,
        Optional<Long> agentId,
        String agentName,
        String instruction,
        List<Integer> dependsOn,
        Optional<Integer> delegatedBy,
        StepStatus status,
        Optional<String> output,
        Optional<String> error,
        Usage usage,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt) {

    public Step {
        dependsOn = List.copyOf(dependsOn);
    }

    public static Step planned(
            int step, Optional<Long> agentId, String agentName, String instruction, List<Integer> on) {
        return new Step(
                step,
                agentId,
                agentName,
                instruction,
                on,
                Optional.empty(),
                StepStatus.PENDING,
                Optional.empty(),
                Optional.empty(),
                Usage.NONE,
                Optional.empty(),
                Optional.empty());
    }

    /** A step the agent of step {@code by} asked for; it is launched at once, so it depends on nothing. */
    public static Step delegated(int step, long agentId, String agentName, String instruction, int by) {
        return new Step(
                step,
                Optional.of(agentId),
                agentName,
                instruction,
                List.of(),
                Optional.of(by),
                StepStatus.PENDING,
                Optional.empty(),
                Optional.empty(),
                Usage.NONE,
                Optional.empty(),
                Optional.empty());
    }

    public Step withStatus(StepStatus next) {
        return with(s -> s.status = next);
    }

    public Step withAgent(long id, String name) {
        return with(s -> {
            s.agentId = Optional.of(id);
            s.agentName = name;
        });
    }

    public Step started(Instant at) {
        return with(s -> {
            s.forgetOutcome();
            s.status = StepStatus.RUNNING;
            s.startedAt = Optional.of(at);
        });
    }

    public Step succeeded(String text, Usage used, Instant at) {
        return with(s -> {
            s.status = StepStatus.SUCCEEDED;
            s.output = Optional.of(text);
            s.error = Optional.empty();
            s.usage = used;
            s.finishedAt = Optional.of(at);
        });
    }

    /** Failed, skipped or cancelled, with the reason. */
    public Step ended(StepStatus end, String reason, Instant at) {
        return with(s -> {
            s.status = end;
            s.error = Optional.of(reason);
            s.finishedAt = Optional.of(at);
        });
    }

    /** Ready to run again after an interruption or a stop: what it had done is dropped. */
    public Step reset() {
        return with(s -> {
            s.forgetOutcome();
            s.status = StepStatus.PENDING;
            s.startedAt = Optional.empty();
        });
    }

    /** A copy with {@code change} made to what may change of a step as it runs; the rest is kept. */
    private Step with(Consumer<Changes> change) {
        Changes next = new Changes(this);
        change.accept(next);
        return new Step(
                step,
                next.agentId,
                next.agentName,
                instruction,
                dependsOn,
                delegatedBy,
                next.status,
                next.output,
                next.error,
                next.usage,
                next.startedAt,
                next.finishedAt);
    }

    /** What may change of a step as it runs; its number, instruction, dependencies and delegator never do. */
    private static final class Changes {
        Optional<Long> agentId;
        String agentName;
        StepStatus status;
        Optional<String> output;
        Optional<String> error;
        Usage usage;
        Optional<Instant> startedAt;
        Optional<Instant> finishedAt;

        Changes(Step step) {
            agentId = step.agentId;
            agentName = step.agentName;
            status = step.status;
            output = step.output;
            error = step.error;
            usage = step.usage;
            startedAt = step.startedAt;
            finishedAt = step.finishedAt;
        }

        /** No output, error, tokens or end: as before the step first ran. */
        void forgetOutcome() {
            output = Optional.empty();
            error = Optional.empty();
            usage = Usage.NONE;
            finishedAt = Optional.empty();
        }
    }
}
