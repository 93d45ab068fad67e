package io.agentdeck.engine.workflow;

import io.agentdeck.engine.event.EngineEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The workflow of one run as it stands. Every change is stored (unless AgentDeck is closing) and published as a
 * {@link EngineEvent.WorkflowStep}; step 0 is the workflow itself. Used on the run's own thread only.
 */
final class RunState {
    private final RunServices services;
    private Workflow workflow;

    RunState(Workflow workflow, RunServices services) {
        this.workflow = workflow;
        this.services = services;
    }

    Workflow workflow() {
        return workflow;
    }

    Instant now() {
        return services.clock().instant();
    }

    Step step(int number) {
        return workflow.steps().stream()
                .filter(s -> s.step() == number)
                .findFirst()
                .orElseThrow();
    }

    /** The number after the highest one used so far. */
    int nextStepNumber() {
        return workflow.steps().stream().mapToInt(Step::step).max().orElse(0) + 1;
    }

    void update(UnaryOperator<Workflow> change) {
        workflow = change.apply(workflow);
        if (!services.closing().getAsBoolean()) {
            services.store().update(workflow);
        }
    }

    /** Appends new steps, then tells about each. */
    void addSteps(List<Step> added, Function<Step, String> detail) {
        update(w -> {
            List<Step> all = new ArrayList<>(w.steps());
            all.addAll(added);
            return w.withSteps(all);
        });
        added.forEach(step -> publishStep(step, detail.apply(step)));
    }

    void changeSteps(List<Integer> numbers, UnaryOperator<Step> change, String detail) {
        update(w -> w.withSteps(w.steps().stream()
                .map(s -> numbers.contains(s.step()) ? change.apply(s) : s)
                .toList()));
        numbers.forEach(number -> publishStep(step(number), detail));
    }

    void skip(List<Integer> numbers, String reason) {
        changeSteps(numbers, s -> s.ended(StepStatus.SKIPPED, reason, now()), reason);
    }

    void markRunningSteps(StepStatus end, String reason) {
        List<Integer> numbers = workflow.steps().stream()
                .filter(s -> s.status() == StepStatus.RUNNING || s.status() == StepStatus.WAITING_APPROVAL)
                .map(Step::step)
                .toList();
        if (!numbers.isEmpty()) {
            changeSteps(numbers, s -> s.ended(end, reason, now()), reason);
        }
    }

    void setStatus(WorkflowStatus status, String detail) {
        update(w -> w.withStatus(status));
        publish(0, status.wireName(), Optional.empty(), detail);
    }

    void end(WorkflowStatus status, Optional<String> reason, Optional<String> result, String detail) {
        update(w -> w.finished(status, reason, result, now()));
        publish(0, status.wireName(), Optional.empty(), detail);
    }

    /** Something happened to the workflow as a whole that changes nothing stored (a plan rejected, re-planning). */
    void tell(String detail) {
        publish(0, workflow.status().wireName(), Optional.empty(), detail);
    }

    private void publishStep(Step step, String detail) {
        publish(step.step(), step.status().wireName(), step.agentId(), detail);
    }

    private void publish(int step, String status, Optional<Long> agentId, String detail) {
        services.events()
                .publish(new EngineEvent.WorkflowStep(
                        workflow.id(),
                        Optional.of(workflow.taskId()),
                        String.valueOf(step),
                        status,
                        agentId,
                        detail,
                        now()));
    }
}
