package io.agentdeck.engine.workflow;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.chat.Reply;
import io.agentdeck.engine.workflow.RunSignals.DelegationAsked;
import io.agentdeck.engine.workflow.RunSignals.Signal;
import io.agentdeck.engine.workflow.RunSignals.StepFinished;
import io.agentdeck.engine.workflow.RunSignals.WakeUp;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs the steps: every pending planned step whose dependencies are settled is sent at once to its agent (its
 * instruction and the outputs it builds on), and each reply is recorded as it comes. A failed planned step makes the
 * Driver revise the plan ({@code replan}).
 *
 * <p>A step below {@code max_depth} is offered the {@link DelegateTool}: its agent may ask another team member for part
 * of its step. The request comes here as a signal; the new step ({@code delegated_by} the caller) is checked, added and
 * launched at once, and when it settles its output (or why there is none) is the caller's tool result. A delegated
 * step that fails is reported to its caller, not re-planned.
 *
 * <p>The replies complete on the agents' lanes and the tool calls on theirs; both only send a {@link RunSignals signal},
 * and everything else happens on the run's own thread. While that thread waits for the Driver or the Creator it goes on
 * serving delegations ({@link #await}).
 */
final class StepRunner implements RunWait {
    private final RunState state;
    private final RunBounds bounds;
    private final RunServices services;
    private final BiConsumer<Integer, String> replan;
    private final RunSignals signals = new RunSignals();
    private final Map<Integer, CompletableFuture<Reply>> running = new ConcurrentHashMap<>();
    /** The delegations waiting for a running step, by that step's number. */
    private final Map<Integer, Delegation> delegations = new ConcurrentHashMap<>();
    /** Running steps stopped because the step that delegated them ended; they end cancelled, not failed. */
    private final Set<Integer> abandoned = new HashSet<>();
    /**
     * The order steps were sent in: a step may wait for the earlier ones of its agent, when they hold all of that
     * agent's parallel replies (each step has a thread of its own).
     */
    private final Map<Integer, Long> launchOrder = new HashMap<>();

    private long launches;

    StepRunner(RunState state, RunBounds bounds, RunServices services, BiConsumer<Integer, String> replan) {
        this.state = state;
        this.bounds = bounds;
        this.services = services;
        this.replan = replan;
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
            Duration left = bounds.timeLeft();
            if (left.isNegative() || left.isZero()) {
                continue; // the check above ends the run
            }
            switch (signals.next(left).orElseGet(WakeUp::new)) {
                case StepFinished(int step) -> {
                    CompletableFuture<Reply> future = running.remove(step);
                    if (future != null) {
                        settle(step, future);
                    }
                }
                case DelegationAsked(Delegation delegation) -> delegate(delegation);
                case WakeUp ignored -> {}
            }
        }
    }

    @Override
    public <T> T await(CompletableFuture<T> work) {
        work.whenComplete((value, failure) -> signals.wakeUp());
        try {
            while (!work.isDone()) {
                Duration left = bounds.timeLeft();
                if (left.isNegative() || left.isZero()) {
                    throw bounds.timedOut();
                }
                Optional<Signal> signal = signals.nextNew(left);
                if (signal.isPresent()) {
                    switch (signal.get()) {
                        case StepFinished finished -> signals.keepForLater(finished);
                        case DelegationAsked(Delegation delegation) -> delegate(delegation);
                        case WakeUp ignored -> {}
                    }
                }
                if (bounds.cancelled() && !work.isDone()) {
                    // Work that cannot be cancelled (the Creator's design) is left to end on its own.
                    throw RunEnded.failed("cancelled");
                }
            }
            return work.join();
        } finally {
            if (!work.isDone()) {
                work.cancel(true);
            }
        }
    }

    /** Cancel and shutdown (from any thread): every running step stops, and the run's thread wakes up. */
    void stop() {
        running.values().forEach(future -> future.cancel(true));
        delegations.values().forEach(delegation -> delegation.cancel("The workflow ended."));
        signals.refuseQueuedDelegations("The workflow ended.");
        signals.wakeUp();
    }

    private List<Step> ready() {
        Map<Integer, Step> byNumber = new HashMap<>();
        state.workflow().steps().forEach(s -> byNumber.put(s.step(), s));
        return state.workflow().steps().stream()
                .filter(s -> s.status() == StepStatus.PENDING
                        && s.agentId().isPresent()
                        && s.delegatedBy().isEmpty())
                .filter(s -> s.dependsOn().stream()
                        .allMatch(d -> byNumber.containsKey(d)
                                && byNumber.get(d).status().isSettled()))
                .toList();
    }

    private void launch(Step step) {
        Workflow workflow = state.workflow();
        long agentId = step.agentId().orElseThrow();
        DelegateTool delegate = new DelegateTool(
                step.step(),
                workflow.depthOf(step) < workflow.limits().maxDepth(),
                Prompts.team(services.agents().findAll().stream()
                        .filter(agent -> agent.id() != agentId)
                        .toList()),
                signals::delegationAsked);
        CompletableFuture<Reply> reply;
        try {
            reply = services.chat()
                    .send(
                            MessageRequest.of(agentId, Prompts.stepMessage(workflow, step))
                                    .inConversation(Optional.of(threadFor(step, agentId)))
                                    .forTask(workflow.taskId())
                                    .withExtraTools(delegate),
                            Optional.empty());
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        running.put(step.step(), reply);
        launchOrder.put(step.step(), launches++);
        Step started = step.started(state.now());
        state.changeSteps(List.of(step.step()), s -> started, "Sent to " + step.agentName());
        reply.whenComplete((answer, failure) -> signals.stepFinished(step.step()));
    }

    /**
     * Each step is a thread of its own: its agent sees only the step (not the person's chats with it, nor other
     * steps), steps of one agent go ahead side by side, and a person can open the thread to read the step in full.
     */
    private long threadFor(Step step, long agentId) {
        return services.conversations()
                .create(agentId, Prompts.stepThreadTitle(step))
                .id();
    }

    private void settle(int number, CompletableFuture<Reply> future) {
        Step step = state.step(number);
        Reply reply;
        try {
            reply = future.join();
        } catch (CancellationException | CompletionException e) {
            if (bounds.cancelled()) {
                throw RunEnded.failed("cancelled");
            }
            stopDelegatedBy(number);
            if (abandoned.remove(number)) {
                String why = "The step that delegated it (" + step.delegatedBy().orElseThrow() + ") ended.";
                state.changeSteps(List.of(number), s -> s.ended(StepStatus.CANCELLED, why, state.now()), why);
                answerDelegation(number, d -> d.cancel(why));
                return;
            }
            String error = e.getCause() instanceof EngineException engine ? engine.getMessage() : String.valueOf(e);
            state.changeSteps(List.of(number), s -> s.ended(StepStatus.FAILED, error, state.now()), error);
            if (step.delegatedBy().isPresent()) {
                answerDelegation(
                        number, d -> d.refuse("Step " + number + " (" + step.agentName() + ") failed: " + error));
                return;
            }
            replan.accept(number, error);
            return;
        }
        stopDelegatedBy(number);
        state.changeSteps(
                List.of(number),
                s -> s.succeeded(reply.text(), reply.usage(), state.now()),
                Prompts.abbreviated(reply.text(), 200));
        answerDelegation(number, d -> d.answer(Prompts.abbreviated(reply.text(), Prompts.MAX_UPSTREAM_CHARS)));
        bounds.addUsage(reply.usage());
    }

    private void answerDelegation(int step, Consumer<Delegation> answer) {
        Delegation delegation = delegations.remove(step);
        if (delegation != null) {
            answer.accept(delegation);
        }
    }

    /**
     * A step ended while steps it delegated still run (its turn was cancelled): nobody waits for their answers any
     * more, so they are stopped too.
     */
    private void stopDelegatedBy(int number) {
        for (Step child : state.workflow().steps()) {
            if (child.delegatedBy().equals(Optional.of(number)) && running.containsKey(child.step())) {
                abandoned.add(child.step());
                running.get(child.step()).cancel(true);
            }
        }
    }

    // Delegation

    /**
     * A running step's agent asks another agent for part of its step. A mistake of the model (an unknown agent, one
     * that would wait on the caller) is its to read; a bound reached ({@code max_depth}, {@code max_steps}, the loop
     * guard) ends the run.
     */
    private void delegate(Delegation asked) {
        if (asked.abandoned()) {
            return;
        }
        Workflow workflow = state.workflow();
        Optional<Step> found = workflow.stepNumbered(asked.caller());
        if (found.isEmpty() || found.get().status() != StepStatus.RUNNING || !running.containsKey(asked.caller())) {
            asked.cancel("Step " + asked.caller() + " is no longer running.");
            return;
        }
        Step caller = found.get();
        int depth = workflow.depthOf(caller);
        if (depth >= workflow.limits().maxDepth()) {
            throw ending(
                    asked,
                    RunEnded.stopped("max_depth: step " + caller.step() + " (" + caller.agentName() + ", depth "
                            + depth + ") asked to delegate to " + asked.agent() + ", but max_depth is "
                            + workflow.limits().maxDepth()));
        }
        Optional<Agent> agent = services.agents().findByNameIgnoreCase(asked.agent());
        if (agent.isEmpty()) {
            asked.refuse("There is no team member named '" + asked.agent() + "'. The team: "
                    + services.agents().findAll().stream().map(Agent::name).collect(Collectors.joining(", "))
                    + ".");
            return;
        }
        Optional<String> deadlock = wouldWaitOnItself(caller, agent.get());
        if (deadlock.isPresent()) {
            asked.refuse(deadlock.get());
            return;
        }
        String key = RunBounds.loopKey(agent.get().name(), asked.instruction());
        Optional<Step> same = workflow.steps().stream()
                .filter(s -> RunBounds.loopKey(s.agentName(), s.instruction()).equals(key))
                .findFirst();
        if (same.isPresent()) {
            throw ending(
                    asked,
                    RunEnded.stopped("loop: " + agent.get().name() + " was given the same instruction twice (step "
                            + same.get().step() + ", and again by step " + caller.step() + ")"));
        }
        if (bounds.stepsLeft() <= 0) {
            throw ending(
                    asked,
                    RunEnded.stopped("max_steps: step " + caller.step() + " asked to delegate to "
                            + agent.get().name() + ", but all "
                            + workflow.limits().maxSteps()
                            + " steps are used"));
        }
        Step added = Step.delegated(
                state.nextStepNumber(), agent.get().id(), agent.get().name(), asked.instruction(), caller.step());
        state.addSteps(List.of(added), s -> "Delegated by step " + caller.step() + ": " + s.instruction());
        delegations.put(added.step(), asked);
        launch(added);
    }

    private static RunEnded ending(Delegation asked, RunEnded end) {
        asked.cancel("The workflow " + end.status().wireName() + ": " + end.getMessage());
        return end;
    }

    /**
     * Whether a step of {@code agent} asked for by {@code caller} could never run: every step of an agent runs in its
     * default thread, one at a time in the order sent, so the new step waits for that agent's running steps, and the
     * caller waits for the new step. If one of those running steps waits, through its own delegations or its place in
     * a thread, for the caller, nothing would ever move. That is so for the caller's own agent and for the agent of any
     * step it was delegated by.
     */
    private Optional<String> wouldWaitOnItself(Step caller, Agent agent) {
        if (caller.agentId().equals(Optional.of(agent.id()))) {
            return Optional.of("You cannot delegate to yourself (" + agent.name() + "): the new step would wait for"
                    + " this one to end. Do this part yourself, or ask another team member.");
        }
        for (Step busy : runningSteps()) {
            if (busy.agentId().equals(Optional.of(agent.id())) && waitsFor(busy, caller, new HashSet<>())) {
                return Optional.of(agent.name() + " cannot take this now: its step " + busy.step()
                        + " waits for this step to end, so each would wait for the other. Do this part yourself,"
                        + " or ask another team member.");
            }
        }
        return Optional.empty();
    }

    /** Whether {@code from} waits, directly or not, for {@code target} to end. */
    private boolean waitsFor(Step from, Step target, Set<Integer> seen) {
        if (from.step() == target.step()) {
            return true;
        }
        if (!seen.add(from.step())) {
            return false;
        }
        for (Step other : runningSteps()) {
            boolean delegatedByFrom = other.delegatedBy().equals(Optional.of(from.step()));
            boolean aheadInItsThread = Objects.equals(other.agentId(), from.agentId())
                    && launchOrder.getOrDefault(other.step(), Long.MAX_VALUE)
                            < launchOrder.getOrDefault(from.step(), Long.MAX_VALUE);
            if ((delegatedByFrom || aheadInItsThread) && waitsFor(other, target, seen)) {
                return true;
            }
        }
        return false;
    }

    private List<Step> runningSteps() {
        return state.workflow().steps().stream()
                .filter(s -> s.status() == StepStatus.RUNNING)
                .toList();
    }
}
