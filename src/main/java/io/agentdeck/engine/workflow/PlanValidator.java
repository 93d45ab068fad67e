package io.agentdeck.engine.workflow;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a plan against the team and the bounds before anything runs: known agents (or a new specialist's role), step
 * numbers new (not used by any step of the workflow, whatever became of it), dependencies on steps that exist (earlier
 * ones that succeeded or still run included), no cycles, and no more steps than the budget left.
 */
public final class PlanValidator {

    /**
     * @param teamNames the agents' names, case-folded
     * @param earlierSteps earlier steps a re-plan may depend on (those that succeeded or still run)
     * @param usedNumbers every step number already in the workflow, which a new step may not take again
     * @param stepsLeft how many steps may still be planned
     * @throws PlanRejected with the reason
     */
    public void validate(
            Plan plan, Set<String> teamNames, Set<Integer> earlierSteps, Set<Integer> usedNumbers, int stepsLeft) {
        if (plan.steps().isEmpty()) {
            throw new PlanRejected("the plan has no steps");
        }
        Map<Integer, PlannedStep> byNumber = new HashMap<>();
        for (PlannedStep step : plan.steps()) {
            if (step.step() < 1 || usedNumbers.contains(step.step()) || byNumber.put(step.step(), step) != null) {
                throw new PlanRejected("step number " + step.step() + " is not new and positive");
            }
            if (step.instruction().isBlank()) {
                throw new PlanRejected("step " + step.step() + " has no instruction");
            }
            boolean known = teamNames.contains(step.agent().toLowerCase(java.util.Locale.ROOT));
            boolean newRole =
                    step.newAgentRole().filter(role -> !role.isBlank()).isPresent();
            if (!known && !newRole) {
                throw new PlanRejected("step " + step.step() + " names an unknown agent '" + step.agent()
                        + "'; use a team member's name or 'new:<role>'");
            }
        }
        for (PlannedStep step : plan.steps()) {
            for (int dependency : step.dependsOn()) {
                if (!byNumber.containsKey(dependency) && !earlierSteps.contains(dependency)) {
                    throw new PlanRejected(
                            "step " + step.step() + " depends on step " + dependency + ", which does not exist");
                }
            }
        }
        checkAcyclic(byNumber);
        if (plan.steps().size() > stepsLeft) {
            throw new PlanRejected(
                    "the plan has " + plan.steps().size() + " steps; at most " + stepsLeft + " are allowed", true);
        }
    }

    private static void checkAcyclic(Map<Integer, PlannedStep> steps) {
        Set<Integer> done = new HashSet<>();
        for (int start : steps.keySet()) {
            visit(start, steps, new HashSet<>(), done);
        }
    }

    private static void visit(int step, Map<Integer, PlannedStep> steps, Set<Integer> onPath, Set<Integer> done) {
        if (done.contains(step) || !steps.containsKey(step)) {
            return;
        }
        if (!onPath.add(step)) {
            throw new PlanRejected("the steps depend on each other in a cycle (through step " + step + ")");
        }
        List<Integer> dependencies = steps.get(step).dependsOn();
        for (int dependency : dependencies) {
            visit(dependency, steps, onPath, done);
        }
        onPath.remove(step);
        done.add(step);
    }
}
