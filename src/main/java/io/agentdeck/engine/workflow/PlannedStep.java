package io.agentdeck.engine.workflow;

import java.util.List;
import java.util.Optional;

/**
 * One step as the Driver planned it. {@code agent} is a team member's name, or {@code new:<role>} for a specialist the
 * Creator should design.
 */
public record PlannedStep(int step, String agent, String instruction, List<Integer> dependsOn) {
    public static final String NEW_AGENT_PREFIX = "new:";

    public PlannedStep {
        dependsOn = List.copyOf(dependsOn);
    }

    /** The role of the specialist asked for, when the step names none of the team. */
    public Optional<String> newAgentRole() {
        return agent.regionMatches(true, 0, NEW_AGENT_PREFIX, 0, NEW_AGENT_PREFIX.length())
                ? Optional.of(agent.substring(NEW_AGENT_PREFIX.length()).strip())
                : Optional.empty();
    }
}
