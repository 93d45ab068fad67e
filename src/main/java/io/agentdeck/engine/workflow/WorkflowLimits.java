package io.agentdeck.engine.workflow;

import io.agentdeck.engine.EngineException;

/**
 * The bounds of one workflow. Reaching one ends the workflow as stopped with the bound as its reason, never silently.
 *
 * @param maxSteps steps planned and re-planned, in all
 * @param maxDepth levels of planning (the first plan is level 1, a revised plan level 2) and of delegation (a planned
 *     step is at depth 1, a step it delegates at 2, …): a step is offered the {@code delegate} tool while its depth is
 *     below this
 * @param maxTokens input plus output tokens of every turn of the workflow
 * @param timeoutS seconds from the start (or resume) of the run
 * @param allowNewAgents whether a specialist the plan asks for is created without asking a person
 */
public record WorkflowLimits(int maxSteps, int maxDepth, long maxTokens, long timeoutS, boolean allowNewAgents) {
    public static final WorkflowLimits DEFAULTS = new WorkflowLimits(12, 2, 200_000, 1_800, false);

    public WorkflowLimits {
        positive("max_steps", maxSteps, 100);
        positive("max_depth", maxDepth, 10);
        positive("max_tokens", maxTokens, 100_000_000);
        positive("timeout_s", timeoutS, 86_400);
    }

    /** These limits, with new specialists created without asking a person. */
    public WorkflowLimits allowingNewAgents() {
        return new WorkflowLimits(maxSteps, maxDepth, maxTokens, timeoutS, true);
    }

    private static void positive(String name, long value, long max) {
        if (value < 1 || value > max) {
            throw EngineException.invalid("'limits." + name + "' must be between 1 and " + max + ".");
        }
    }
}
