package io.agentdeck.engine.workflow;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What wakes the run's thread: a step's reply came, a step's agent asks to delegate, or something stopped the run.
 * Anyone may send a signal (the agents' lanes, tool calls, a cancel); only the run's own thread reads them.
 */
final class RunSignals {
    sealed interface Signal {}

    /** The reply of this step completed, whatever its outcome. */
    record StepFinished(int step) implements Signal {}

    /** A running step's agent called the {@code delegate} tool. */
    record DelegationAsked(Delegation delegation) implements Signal {}

    /** Nothing happened but the run should look again (a cancel, or something it waits for completed). */
    record WakeUp() implements Signal {}

    private final BlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
    private final Deque<StepFinished> deferred = new ArrayDeque<>();

    void stepFinished(int step) {
        queue.add(new StepFinished(step));
    }

    void delegationAsked(Delegation delegation) {
        queue.add(new DelegationAsked(delegation));
    }

    void wakeUp() {
        queue.add(new WakeUp());
    }

    /** The next signal, steps kept for later first; empty when {@code timeout} passed without one. */
    Optional<Signal> next(Duration timeout) {
        StepFinished kept = deferred.pollFirst();
        return kept != null ? Optional.of(kept) : nextNew(timeout);
    }

    /** The next signal not kept for later; empty when {@code timeout} passed without one. */
    Optional<Signal> nextNew(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            return Optional.ofNullable(queue.poll());
        }
        try {
            return Optional.ofNullable(queue.poll(timeout.toMillis() + 1, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RunEnded.failed("interrupted");
        }
    }

    /** A step's reply that the run cannot settle now (it waits for the Driver); {@link #next} returns it first. */
    void keepForLater(StepFinished finished) {
        deferred.addLast(finished);
    }

    /** Run over: delegations still queued are answered (their callers are being stopped anyway). */
    void refuseQueuedDelegations(String why) {
        queue.removeIf(signal -> {
            if (signal instanceof DelegationAsked(Delegation delegation)) {
                delegation.cancel(why);
                return true;
            }
            return false;
        });
    }
}
