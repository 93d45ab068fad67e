package io.agentdeck.engine.workflow;

import io.agentdeck.engine.task.TaskControl;
import io.agentdeck.engine.turn.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The limits of one run, each ending it with its name as the reason when reached: tokens ({@code max_tokens}, every
 * turn of this run), time ({@code timeout_s} from the start of this run), steps ({@code max_steps}) and the loop guard
 * (the same agent given the same instruction twice). A cancelled task or AgentDeck closing ends the run too.
 */
final class RunBounds {
    private final RunState state;
    private final TaskControl control;
    private final RunServices services;
    private final Instant deadline;
    private Usage used = Usage.NONE;

    RunBounds(RunState state, TaskControl control, RunServices services) {
        this.state = state;
        this.control = control;
        this.services = services;
        this.deadline = services.clock().instant().plusSeconds(limits().timeoutS());
    }

    private WorkflowLimits limits() {
        return state.workflow().limits();
    }

    /** The task was cancelled, or AgentDeck is closing. */
    boolean cancelled() {
        return control.isCancelled() || services.closing().getAsBoolean();
    }

    /** Ends the run when it was cancelled or a bound of tokens or time is reached. */
    void check() {
        if (cancelled()) {
            throw RunEnded.failed("cancelled");
        }
        if (used.totalTokens() > limits().maxTokens()) {
            throw RunEnded.stopped(
                    "max_tokens: " + used.totalTokens() + " tokens used, the limit is " + limits().maxTokens());
        }
        if (!services.clock().instant().isBefore(deadline)) {
            throw timedOut();
        }
    }

    /** A turn's tokens count toward the workflow's usage and this run's budget. */
    void addUsage(Usage usage) {
        used = used.plus(usage);
        state.update(w -> w.withUsage(w.usage().plus(usage)));
        check();
    }

    RunEnded timedOut() {
        return RunEnded.stopped("timeout_s: the workflow ran longer than " + limits().timeoutS() + " s");
    }

    /** Time until the deadline; zero or negative once it has passed. */
    Duration timeLeft() {
        return Duration.between(services.clock().instant(), deadline);
    }

    int stepsLeft() {
        return limits().maxSteps() - state.workflow().steps().size();
    }

    /** What the loop guard compares: the agent's name and the instruction, ignoring case and spacing. */
    static String loopKey(String agent, String instruction) {
        return agent.strip().toLowerCase(Locale.ROOT) + "\n"
                + instruction.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
