package io.agentdeck.engine.workflow;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.chat.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The Driver's part of a run: the plan (asked for again once with the reason when it cannot be used), the revised plan
 * after a failed step, and the review of the outputs into the result. Each is a Driver turn in its default thread,
 * tied to the workflow's task, waited for through {@link RunWait} (a revised plan is asked for while other steps run).
 */
final class Planner {
    private final RunState state;
    private final RunBounds bounds;
    private final RunServices services;
    private final Specialists specialists;
    private final Set<CompletableFuture<?>> driverTurns = ConcurrentHashMap.newKeySet();

    private final RunWait wait;
    private Long driverThread;

    Planner(RunState state, RunBounds bounds, RunServices services, RunWait wait) {
        this.state = state;
        this.bounds = bounds;
        this.services = services;
        this.wait = wait;
        this.specialists = new Specialists(state, bounds, services, wait);
    }

    /** The Driver plans the task; its steps are added (and their specialists brought). */
    void planFirst() {
        addSteps(askForPlan(Prompts.firstPlan(state.workflow(), bounds.stepsLeft(), team())));
    }

    /** A step failed: the Driver plans the remaining work once; a second failure fails the workflow. */
    void replan(int failedStep, String error) {
        Workflow workflow = state.workflow();
        if (workflow.replans() >= 1) {
            throw RunEnded.failed("Step " + failedStep + " failed after the plan was already revised: " + error);
        }
        if (workflow.replans() + 2 > workflow.limits().maxDepth()) {
            throw RunEnded.stopped("max_depth: step " + failedStep + " failed (" + error
                    + ") and revising the plan needs depth " + (workflow.replans() + 2) + " of "
                    + workflow.limits().maxDepth());
        }
        state.update(w -> w.withReplans(w.replans() + 1)
                .withSteps(w.steps().stream()
                        .map(s -> s.status() == StepStatus.PENDING || s.status() == StepStatus.WAITING_APPROVAL
                                ? s.ended(StepStatus.SKIPPED, "Replaced by the revised plan", state.now())
                                : s)
                        .toList()));
        state.tell("Step " + failedStep + " failed; re-planning");
        addSteps(askForPlan(Prompts.replan(
                state.workflow(), failedStep, error, state.nextStepNumber(), bounds.stepsLeft(), team())));
    }

    /** The Driver writes the result from the steps' outputs. */
    String review() {
        return askDriver(Prompts.review(state.workflow()), false);
    }

    /** Cancel and shutdown: the Driver's turn and a person's approval are no longer waited for. */
    void stop() {
        driverTurns.forEach(future -> future.cancel(true));
        specialists.stop();
    }

    private Plan askForPlan(String prompt) {
        PlanRejected rejected = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            String ask = rejected == null
                    ? prompt
                    : prompt + "\n\nYour previous plan was rejected: " + rejected.getMessage()
                            + ". Answer again with a plan that fixes this.";
            String answer = askDriver(ask, true);
            try {
                Plan plan = services.parser().parse(answer);
                services.validator().validate(plan, teamNames(), plannedNumbers(), usedNumbers(), bounds.stepsLeft());
                return plan;
            } catch (PlanRejected e) {
                rejected = e;
                state.tell("Plan rejected: " + e.getMessage());
            }
        }
        if (rejected.tooManySteps()) {
            throw RunEnded.stopped("max_steps: " + rejected.getMessage());
        }
        throw RunEnded.failed("The Driver's plan could not be used twice: " + rejected.getMessage() + ".");
    }

    private Set<Integer> plannedNumbers() {
        return state.workflow().steps().stream()
                .filter(s -> s.status() == StepStatus.SUCCEEDED || s.status() == StepStatus.RUNNING)
                .map(Step::step)
                .collect(Collectors.toSet());
    }

    private Set<Integer> usedNumbers() {
        return state.workflow().steps().stream().map(Step::step).collect(Collectors.toSet());
    }

    private Set<String> teamNames() {
        return services.agents().findAll().stream()
                .map(agent -> agent.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    private String team() {
        return Prompts.team(services.agents().findAll());
    }

    /** Adds the plan's steps, each with its agent (designing new specialists first), after the loop guard. */
    private void addSteps(Plan plan) {
        Set<String> given = new HashSet<>();
        for (Step step : state.workflow().steps()) {
            given.add(RunBounds.loopKey(step.agentName(), step.instruction()));
        }
        for (PlannedStep planned : plan.steps()) {
            if (!given.add(RunBounds.loopKey(planned.agent(), planned.instruction()))) {
                throw RunEnded.stopped("loop: " + planned.agent() + " was given the same instruction twice (step "
                        + planned.step() + ")");
            }
        }
        List<Step> added = new ArrayList<>();
        Map<String, List<Integer>> newRoles = new LinkedHashMap<>();
        for (PlannedStep planned : plan.steps()) {
            Optional<Agent> agent = services.agents().findByNameIgnoreCase(planned.agent());
            if (agent.isPresent()) {
                added.add(Step.planned(
                        planned.step(),
                        Optional.of(agent.get().id()),
                        agent.get().name(),
                        planned.instruction(),
                        planned.dependsOn()));
            } else {
                added.add(Step.planned(
                        planned.step(), Optional.empty(), planned.agent(), planned.instruction(), planned.dependsOn()));
                newRoles.computeIfAbsent(planned.newAgentRole().orElseThrow(), role -> new ArrayList<>())
                        .add(planned.step());
            }
        }
        state.addSteps(added, step -> "Planned: " + step.instruction());
        newRoles.forEach(specialists::bring);
    }

    /**
     * The Driver plans, revises and reviews in one thread of its own per run: it remembers its plan when it reviews,
     * and none of it mixes with the person's chats with the Driver.
     */
    private long driverThread() {
        if (driverThread == null) {
            driverThread = services.conversations()
                    .create(CoreAgents.DRIVER_ID, Prompts.workflowThreadTitle(state.workflow()))
                    .id();
        }
        return driverThread;
    }

    private String askDriver(String text, boolean plan) {
        bounds.check();
        MessageRequest request = MessageRequest.of(CoreAgents.DRIVER_ID, text)
                .inConversation(Optional.of(driverThread()))
                .forTask(state.workflow().taskId());
        CompletableFuture<Reply> reply = services.chat()
                .send(
                        plan ? request.withResponseFormat(PlanParser.responseFormat(bounds.stepsLeft())) : request,
                        Optional.empty());
        driverTurns.add(reply);
        try {
            Reply answer = wait.await(reply);
            bounds.addUsage(answer.usage());
            return answer.text();
        } catch (CancellationException e) {
            throw RunEnded.failed("cancelled");
        } catch (CompletionException e) {
            String why =
                    e.getCause() instanceof EngineException engine ? engine.getMessage() : String.valueOf(e.getCause());
            throw RunEnded.failed("The Driver could not answer: " + why);
        } finally {
            driverTurns.remove(reply);
        }
    }
}
