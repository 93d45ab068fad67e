package io.agentdeck.engine.workflow;

/** Why a run ends early (a bound, a cancel, a plan that cannot be used); it becomes the workflow's last status. */
final class RunEnded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final WorkflowStatus status;

    private RunEnded(WorkflowStatus status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** A bound was reached: the reason starts with the bound's name ({@code max_steps: …}). */
    static RunEnded stopped(String reason) {
        return new RunEnded(WorkflowStatus.STOPPED, reason);
    }

    static RunEnded failed(String reason) {
        return new RunEnded(WorkflowStatus.FAILED, reason);
    }

    WorkflowStatus status() {
        return status;
    }
}
