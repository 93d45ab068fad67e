package io.agentdeck.engine.workflow;

import java.util.List;

/** The Driver's plan: steps numbered by the Driver, each naming the steps whose outputs it needs. */
public record Plan(List<PlannedStep> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }
}
