package io.agentdeck.engine.workflow;

/** A plan that cannot be run, with the reason the Driver is told when it is asked again. */
public final class PlanRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** True when the only fault is the number of steps: a bound, so the workflow stops rather than fails. */
    private final boolean tooManySteps;

    public PlanRejected(String reason) {
        this(reason, false);
    }

    PlanRejected(String reason, boolean tooManySteps) {
        super(reason);
        this.tooManySteps = tooManySteps;
    }

    public boolean tooManySteps() {
        return tooManySteps;
    }
}
