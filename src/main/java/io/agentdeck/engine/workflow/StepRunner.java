package io.agentdeck.engine.workflow;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.chat.Reply;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the steps: every pending step whose dependencies are settled is sent at once to its agent (its instruction and
 * the outputs it builds on), and each reply is recorded as it comes. A failed step makes the {@link Planner} revise the
 * plan. The replies complete on the agents' lanes; they only put the step's number in a queue, and everything else
 * happens on the run's own thread.
 */
final class StepRunner {
    private static final int WAKE_UP = -1;

    private final RunState state;
    private final RunBounds bounds;
    private final RunServices services;
    private final Planner planner;
    private final Map<Integer, CompletableFuture<Reply>> running = new ConcurrentHashMap<>();
    private final BlockingQueue<Integer> finished = new LinkedBlockingQueue<>();

    StepRunner(RunState state, RunBounds bounds, RunServices services, Planner planner) {
        this.state = state;
        this.bounds = bounds;
        this.services = services;
        this.planner = planner;
    }

    /** Runs until no step is left to run; a step that can never run fails the workflow. */
    void runAll() {
        while (true) {
            bounds.check();
            for (Step step : ready()) {
                launch(step);
            }
            if (running.isEmpty()) {
                if (state.workflow().steps().stream().anyMatch(s -> s.status() == StepStatus.PENDING)) {
                    throw RunEnded.failed("Some steps can never run: they depend on steps that did not succeed.");
                }
                return;
            }
            Integer done = awaitNext();
            if (done == null || done == WAKE_UP) {
                continue;
            }
            CompletableFuture<Reply> future = running.remove(done);
            if (future != null) {
                settle(done, future);
            }
        }
    }

    /** Cancel and shutdown (from any thread): every running step stops, and the run's thread wakes up. */
    void stop() {
        running.values().forEach(future -> future.cancel(true));
        finished.add(WAKE_UP);
    }

    private List<Step> ready() {
        Map<Integer, Step> byNumber = new HashMap<>();
        state.workflow().steps().forEach(s -> byNumber.put(s.step(), s));
        return state.workflow().steps().stream()
                .filter(s -> s.status() == StepStatus.PENDING && s.agentId().isPresent())
                .filter(s -> s.dependsOn().stream()
                        .allMatch(d -> byNumber.containsKey(d)
                                && byNumber.get(d).status().isSettled()))
                .toList();
    }

    private Integer awaitNext() {
        Duration left = bounds.timeLeft();
        if (left.isNegative() || left.isZero()) {
            return null;
        }
        try {
            return finished.poll(left.toMillis() + 1, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RunEnded.failed("interrupted");
        }
    }

    private void launch(Step step) {
        CompletableFuture<Reply> reply;
        try {
            reply = services.chat()
                    .send(
                            MessageRequest.of(step.agentId().orElseThrow(), Prompts.stepMessage(state.workflow(), step))
                                    .forTask(state.workflow().taskId()),
                            Optional.empty());
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        running.put(step.step(), reply);
        Step started = step.started(state.now());
        state.changeSteps(List.of(step.step()), s -> started, "Sent to " + step.agentName());
        reply.whenComplete((answer, failure) -> finished.add(step.step()));
    }

    private void settle(int number, CompletableFuture<Reply> future) {
        Reply reply;
        try {
            reply = future.join();
        } catch (CancellationException | CompletionException e) {
            if (bounds.cancelled()) {
                throw RunEnded.failed("cancelled");
            }
            String error = e.getCause() instanceof EngineException engine ? engine.getMessage() : String.valueOf(e);
            state.changeSteps(List.of(number), s -> s.ended(StepStatus.FAILED, error, state.now()), error);
            planner.replan(number, error);
            return;
        }
        state.changeSteps(
                List.of(number),
                s -> s.succeeded(reply.text(), reply.usage(), state.now()),
                Prompts.abbreviated(reply.text(), 200));
        bounds.addUsage(reply.usage());
    }
}
