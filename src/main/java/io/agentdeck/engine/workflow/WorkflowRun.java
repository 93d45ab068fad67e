package io.agentdeck.engine.workflow;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.task.TaskControl;
import java.util.Optional;

/**
 * One run of one workflow, from its plan (or from where a resume starts) to its end: succeeded with the Driver's
 * result, or failed, cancelled or stopped with the reason. All its state changes happen on the run's own thread, the
 * task worker's; a cancel from another thread only stops what runs and wakes that thread up.
 */
final class WorkflowRun {
    private final TaskControl control;
    private final RunServices services;
    private final RunState state;
    private final RunBounds bounds;
    private final Planner planner;
    private final StepRunner steps;

    WorkflowRun(Workflow workflow, TaskControl control, RunServices services) {
        this.control = control;
        this.services = services;
        this.state = new RunState(workflow, services);
        this.bounds = new RunBounds(state, control, services);
        this.steps = new StepRunner(state, bounds, services, this::replan);
        this.planner = new Planner(state, bounds, services, steps);
    }

    String execute() {
        control.onCancel(this::stopEverything);
        try {
            if (state.workflow().steps().isEmpty()) {
                state.setStatus(WorkflowStatus.PLANNING, "The Driver plans the work.");
                planner.planFirst();
            }
            state.setStatus(
                    WorkflowStatus.RUNNING,
                    "Running " + state.workflow().steps().size() + " steps.");
            steps.runAll();
            String result = planner.review();
            state.end(WorkflowStatus.SUCCEEDED, Optional.empty(), Optional.of(result), "The Driver wrote the result.");
            return result;
        } catch (RunEnded ended) {
            if (bounds.cancelled()) {
                return cancelledEnd();
            }
            stopEverything();
            String reason = ended.getMessage();
            state.markRunningSteps(StepStatus.CANCELLED, ended.status().wireName() + ": " + reason);
            state.end(ended.status(), Optional.of(reason), Optional.empty(), reason);
            throw new EngineException(
                    ErrorKind.CONFLICT, "Workflow " + ended.status().wireName() + ": " + reason);
        } catch (RuntimeException e) {
            if (bounds.cancelled()) {
                return cancelledEnd();
            }
            // Anything else (the Creator failing to save, a store error) fails the workflow too, never leaving it
            // shown as running while nothing runs it.
            stopEverything();
            String reason = e instanceof EngineException engine ? engine.getMessage() : String.valueOf(e);
            state.markRunningSteps(StepStatus.CANCELLED, "failed: " + reason);
            state.end(WorkflowStatus.FAILED, Optional.of(reason), Optional.empty(), reason);
            throw e;
        }
    }

    /** A planned step failed: the Driver revises the plan (or the run ends, when it was already revised). */
    private void replan(int failedStep, String error) {
        planner.replan(failedStep, error);
    }

    private String cancelledEnd() {
        stopEverything();
        if (!services.closing().getAsBoolean()) {
            state.markRunningSteps(StepStatus.CANCELLED, "cancelled");
            state.update(w -> w.withSteps(w.steps().stream()
                    .map(s -> s.status() == StepStatus.PENDING
                            ? s.ended(StepStatus.CANCELLED, "cancelled", state.now())
                            : s)
                    .toList()));
            state.end(WorkflowStatus.CANCELLED, Optional.empty(), Optional.empty(), "cancelled");
        }
        throw new EngineException(ErrorKind.CANCELLED, "The workflow was cancelled.");
    }

    /** Cancel and shutdown (from any thread): every running step and Driver turn stops at once. */
    private void stopEverything() {
        steps.stop();
        planner.stop();
    }
}
