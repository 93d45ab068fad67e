package io.agentdeck.engine.workflow;

import io.agentdeck.engine.turn.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One step of a workflow as it stands; {@code agentId} is empty while a new specialist is not created yet. */
public record Step(
        int step,
        Optional<Long> agentId,
        String agentName,
        String instruction,
        List<Integer> dependsOn,
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
                StepStatus.PENDING,
                Optional.empty(),
                Optional.empty(),
                Usage.NONE,
                Optional.empty(),
                Optional.empty());
    }

    public Step withStatus(StepStatus next) {
        return new Step(
                step, agentId, agentName, instruction, dependsOn, next, output, error, usage, startedAt, finishedAt);
    }

    public Step withAgent(long id, String name) {
        return new Step(
                step,
                Optional.of(id),
                name,
                instruction,
                dependsOn,
                status,
                output,
                error,
                usage,
                startedAt,
                finishedAt);
    }

    public Step started(Instant at) {
        return new Step(
                step,
                agentId,
                agentName,
                instruction,
                dependsOn,
                StepStatus.RUNNING,
                Optional.empty(),
                Optional.empty(),
                Usage.NONE,
                Optional.of(at),
                Optional.empty());
    }

    public Step succeeded(String text, Usage used, Instant at) {
        return new Step(
                step,
                agentId,
                agentName,
                instruction,
                dependsOn,
                StepStatus.SUCCEEDED,
                Optional.of(text),
                Optional.empty(),
                used,
                startedAt,
                Optional.of(at));
    }

    /** Failed, skipped or cancelled, with the reason. */
    public Step ended(StepStatus end, String reason, Instant at) {
        return new Step(
                step,
                agentId,
                agentName,
                instruction,
                dependsOn,
                end,
                output,
                Optional.of(reason),
                usage,
                startedAt,
                Optional.of(at));
    }

    /** Ready to run again after an interruption or a stop: what it had done is dropped. */
    public Step reset() {
        return new Step(
                step,
                agentId,
                agentName,
                instruction,
                dependsOn,
                StepStatus.PENDING,
                Optional.empty(),
                Optional.empty(),
                Usage.NONE,
                Optional.empty(),
                Optional.empty());
    }
}
