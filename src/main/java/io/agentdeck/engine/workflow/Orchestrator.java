package io.agentdeck.engine.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.approval.Approval;
import io.agentdeck.engine.approval.ApprovalKind;
import io.agentdeck.engine.approval.ApprovalService;
import io.agentdeck.engine.approval.ApprovalStatus;
import io.agentdeck.engine.approval.NewApproval;
import io.agentdeck.engine.chat.ChatService;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.chat.Reply;
import io.agentdeck.engine.creator.AgentCreator;
import io.agentdeck.engine.creator.AgentCreator.AgentRequest;
import io.agentdeck.engine.creator.AgentSpec;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.model.Generation;
import io.agentdeck.engine.store.AgentStore;
import io.agentdeck.engine.store.WorkflowStore;
import io.agentdeck.engine.task.TaskControl;
import io.agentdeck.engine.turn.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Runs workflows on a task worker's thread: the Driver plans (a turn with the plan's JSON schema), every ready step is
 * a message to its agent through {@link ChatService#send} (so each agent's lane and order apply, and independent steps
 * run in parallel), and the Driver reviews the outputs into the result. The worker's thread is not the Driver's lane,
 * so the Driver's turns cannot wait on themselves. Every change is stored and published as a
 * {@link EngineEvent.WorkflowStep} (step 0 is the workflow itself).
 */
public final class Orchestrator {
    private static final int MAX_UPSTREAM_CHARS = 8_000;

    private final ChatService chat;
    private final AgentStore agents;
    private final AgentCreator creator;
    private final ApprovalService approvals;
    private final WorkflowStore store;
    private final EventBus events;
    private final Clock clock;
    private final PlanParser parser;
    private final PlanValidator validator = new PlanValidator();
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean closing;

    public Orchestrator(
            ChatService chat,
            AgentStore agents,
            AgentCreator creator,
            ApprovalService approvals,
            WorkflowStore store,
            EventBus events,
            Clock clock) {
        this.chat = chat;
        this.agents = agents;
        this.creator = creator;
        this.approvals = approvals;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.parser = new PlanParser(json);
    }

    /** Runs the workflow to its end and returns the result; any other end is thrown as an {@link EngineException}. */
    public String run(Workflow workflow, TaskControl control) {
        return new Run(workflow, control).execute();
    }

    /**
     * AgentDeck is stopping: runs end without recording an outcome, so the next start finds them unfinished and marks
     * them interrupted (a person may resume them) instead of cancelled.
     */
    public void close() {
        closing = true;
    }

    /** Why a run ends early; each becomes the workflow's last status. */
    private static final class Ended extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final WorkflowStatus status;

        Ended(WorkflowStatus status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    private static Ended stopped(String reason) {
        return new Ended(WorkflowStatus.STOPPED, reason);
    }

    private static Ended failed(String reason) {
        return new Ended(WorkflowStatus.FAILED, reason);
    }

    /** One run of one workflow; all state changes happen on the run's own thread. */
    private final class Run {
        private static final int WAKE_UP = -1;

        private final TaskControl control;
        private final Instant deadline;
        private final Map<Integer, CompletableFuture<Reply>> running = new ConcurrentHashMap<>();
        private final Set<CompletableFuture<?>> driverTurns = ConcurrentHashMap.newKeySet();
        private final Generation approvalWait = new Generation();
        private final BlockingQueue<Integer> finished = new LinkedBlockingQueue<>();
        private Workflow workflow;
        private Usage used = Usage.NONE;

        Run(Workflow workflow, TaskControl control) {
            this.workflow = workflow;
            this.control = control;
            this.deadline = clock.instant().plusSeconds(workflow.limits().timeoutS());
        }

        String execute() {
            control.onCancel(this::stopEverything);
            try {
                if (workflow.steps().isEmpty()) {
                    setStatus(WorkflowStatus.PLANNING, "The Driver plans the work.");
                    Plan plan = askForPlan(firstPlanPrompt());
                    addSteps(plan);
                }
                setStatus(WorkflowStatus.RUNNING, "Running " + workflow.steps().size() + " steps.");
                runSteps();
                String result = review();
                end(WorkflowStatus.SUCCEEDED, Optional.empty(), Optional.of(result), "The Driver wrote the result.");
                return result;
            } catch (Ended ended) {
                if (cancelled()) {
                    return cancelledEnd();
                }
                stopEverything();
                markRunningSteps(StepStatus.CANCELLED, ended.status.wireName() + ": " + ended.getMessage());
                end(ended.status, Optional.of(ended.getMessage()), Optional.empty(), ended.getMessage());
                throw new EngineException(
                        ErrorKind.CONFLICT, "Workflow " + ended.status.wireName() + ": " + ended.getMessage());
            } catch (RuntimeException e) {
                if (cancelled()) {
                    return cancelledEnd();
                }
                // Anything else (the Creator failing to save, a store error) fails the workflow too, never leaving
                // it shown as running while nothing runs it.
                stopEverything();
                String reason = e instanceof EngineException engine ? engine.getMessage() : String.valueOf(e);
                markRunningSteps(StepStatus.CANCELLED, "failed: " + reason);
                end(WorkflowStatus.FAILED, Optional.of(reason), Optional.empty(), reason);
                throw e;
            }
        }

        private boolean cancelled() {
            return control.isCancelled() || closing;
        }

        private String cancelledEnd() {
            stopEverything();
            if (!closing) {
                markRunningSteps(StepStatus.CANCELLED, "cancelled");
                update(w -> w.withSteps(w.steps().stream()
                        .map(s -> s.status() == StepStatus.PENDING
                                ? s.ended(StepStatus.CANCELLED, "cancelled", clock.instant())
                                : s)
                        .toList()));
                end(WorkflowStatus.CANCELLED, Optional.empty(), Optional.empty(), "cancelled");
            }
            throw new EngineException(ErrorKind.CANCELLED, "The workflow was cancelled.");
        }

        /** Cancel and shutdown: every running step and Driver turn stops at once. */
        private void stopEverything() {
            running.values().forEach(future -> future.cancel(true));
            driverTurns.forEach(future -> future.cancel(true));
            approvalWait.cancel();
            finished.add(WAKE_UP);
        }

        // Planning

        private Plan askForPlan(String prompt) {
            PlanRejected rejected = null;
            for (int attempt = 0; attempt < 2; attempt++) {
                String ask = rejected == null
                        ? prompt
                        : prompt + "\n\nYour previous plan was rejected: " + rejected.getMessage()
                                + ". Answer again with a plan that fixes this.";
                String answer = askDriver(ask, true);
                try {
                    Plan plan = parser.parse(answer);
                    validator.validate(plan, teamNames(), plannedNumbers(), stepsLeft());
                    return plan;
                } catch (PlanRejected e) {
                    rejected = e;
                    publish(0, workflow.status().wireName(), Optional.empty(), "Plan rejected: " + e.getMessage());
                }
            }
            if (rejected.tooManySteps()) {
                throw stopped("max_steps: " + rejected.getMessage());
            }
            throw failed("The Driver's plan could not be used twice: " + rejected.getMessage() + ".");
        }

        private int stepsLeft() {
            return workflow.limits().maxSteps() - workflow.steps().size();
        }

        private Set<Integer> plannedNumbers() {
            return workflow.steps().stream()
                    .filter(s -> s.status() == StepStatus.SUCCEEDED || s.status() == StepStatus.RUNNING)
                    .map(Step::step)
                    .collect(Collectors.toSet());
        }

        private Set<String> teamNames() {
            return agents.findAll().stream()
                    .map(agent -> agent.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toSet());
        }

        private String team() {
            return agents.findAll().stream()
                    .map(agent -> "- " + agent.name() + ": " + agent.role())
                    .collect(Collectors.joining("\n"));
        }

        private String firstPlanPrompt() {
            return """
                    Plan how the team carries out this task. Split it into steps; each step is one instruction for \
                    one agent. A step sees the outputs of the steps it depends on; steps that do not depend on each \
                    other run at the same time. Use at most %d steps. To ask the Creator for a new specialist, name \
                    the agent "new:<role>".

                    The team:
                    %s

                    The task:
                    %s""".formatted(stepsLeft(), team(), workflow.goal());
        }

        /** Adds the plan's steps, each with its agent (designing new specialists first), after the loop guard. */
        private void addSteps(Plan plan) {
            Set<String> given = new HashSet<>();
            for (Step step : workflow.steps()) {
                given.add(loopKey(step.agentName(), step.instruction()));
            }
            for (PlannedStep planned : plan.steps()) {
                if (!given.add(loopKey(planned.agent(), planned.instruction()))) {
                    throw stopped("loop: " + planned.agent() + " was given the same instruction twice (step "
                            + planned.step() + ")");
                }
            }
            List<Step> added = new ArrayList<>();
            Map<String, List<Integer>> newRoles = new LinkedHashMap<>();
            for (PlannedStep planned : plan.steps()) {
                Optional<Agent> agent = agents.findByNameIgnoreCase(planned.agent());
                if (agent.isPresent()) {
                    added.add(Step.planned(
                            planned.step(),
                            Optional.of(agent.get().id()),
                            agent.get().name(),
                            planned.instruction(),
                            planned.dependsOn()));
                } else {
                    added.add(Step.planned(
                            planned.step(),
                            Optional.empty(),
                            planned.agent(),
                            planned.instruction(),
                            planned.dependsOn()));
                    newRoles.computeIfAbsent(planned.newAgentRole().orElseThrow(), role -> new ArrayList<>())
                            .add(planned.step());
                }
            }
            update(w -> {
                List<Step> all = new ArrayList<>(w.steps());
                all.addAll(added);
                return w.withSteps(all);
            });
            added.forEach(step -> publishStep(step, "Planned: " + step.instruction()));
            newRoles.forEach(this::bringSpecialist);
        }

        private static String loopKey(String agent, String instruction) {
            return agent.strip().toLowerCase(Locale.ROOT) + "\n"
                    + instruction.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        }

        /** The Creator designs the specialist; a person approves it unless the limits allow new agents. */
        private void bringSpecialist(String role, List<Integer> stepNumbers) {
            checkBounds();
            AgentRequest request = new AgentRequest(
                    abbreviated(role, 200),
                    List.of(),
                    Optional.of(abbreviated("Asked for by workflow " + workflow.id() + ": " + workflow.goal(), 2_000)));
            AgentSpec spec;
            try {
                spec = creator.design(request);
            } catch (EngineException e) {
                skip(stepNumbers, "The Creator could not design '" + role + "': " + e.getMessage());
                return;
            }
            if (!workflow.limits().allowNewAgents()) {
                changeSteps(stepNumbers, s -> s.withStatus(StepStatus.WAITING_APPROVAL), "Waits for approval");
                setStatus(WorkflowStatus.WAITING_APPROVAL, "A person is asked to approve the new agent " + spec.name());
                Approval answer = approvals.ask(
                        new NewApproval(
                                ApprovalKind.CREATE_AGENT,
                                CoreAgents.CREATOR_ID,
                                "create_agent",
                                specJson(spec),
                                Optional.empty(),
                                Optional.empty()),
                        approvalWait);
                if (cancelled()) {
                    throw failed("cancelled");
                }
                setStatus(
                        WorkflowStatus.RUNNING,
                        "Approval of " + spec.name() + ": " + answer.status().wireName());
                if (answer.status() != ApprovalStatus.APPROVED) {
                    skip(
                            stepNumbers,
                            "The new agent " + spec.name() + " was "
                                    + answer.status().wireName()
                                    + answer.reason()
                                            .map(reason -> ": " + reason)
                                            .orElse(""));
                    return;
                }
            }
            Agent agent = creator.create(spec, request);
            changeSteps(
                    stepNumbers,
                    s -> s.withAgent(agent.id(), agent.name()).withStatus(StepStatus.PENDING),
                    "Assigned to the new agent " + agent.name());
        }

        private String specJson(AgentSpec spec) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", spec.name());
            fields.put("role", spec.role());
            fields.put("system_prompt", spec.systemPrompt());
            fields.put("capabilities", spec.capabilities());
            fields.put("tools", spec.tools());
            fields.put("workflow_id", workflow.id());
            try {
                return json.writeValueAsString(fields);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private void skip(List<Integer> stepNumbers, String reason) {
            changeSteps(stepNumbers, s -> s.ended(StepStatus.SKIPPED, reason, clock.instant()), reason);
        }

        // Running

        private void runSteps() {
            while (true) {
                checkBounds();
                for (Step step : ready()) {
                    launch(step);
                }
                if (running.isEmpty()) {
                    if (workflow.steps().stream().anyMatch(s -> s.status() == StepStatus.PENDING)) {
                        throw failed("Some steps can never run: they depend on steps that did not succeed.");
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

        private List<Step> ready() {
            Map<Integer, Step> byNumber = new HashMap<>();
            workflow.steps().forEach(s -> byNumber.put(s.step(), s));
            return workflow.steps().stream()
                    .filter(s -> s.status() == StepStatus.PENDING && s.agentId().isPresent())
                    .filter(s -> s.dependsOn().stream()
                            .allMatch(d -> byNumber.containsKey(d)
                                    && byNumber.get(d).status().isSettled()))
                    .toList();
        }

        private Integer awaitNext() {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return null;
            }
            try {
                return finished.poll(left.toMillis() + 1, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("interrupted");
            }
        }

        private void launch(Step step) {
            String message = step.instruction() + upstream(step);
            CompletableFuture<Reply> reply;
            try {
                reply = chat.send(
                        MessageRequest.of(step.agentId().orElseThrow(), message).forTask(workflow.taskId()),
                        Optional.empty());
            } catch (RuntimeException e) {
                reply = CompletableFuture.failedFuture(e);
            }
            running.put(step.step(), reply);
            Step started = step.started(clock.instant());
            changeSteps(List.of(step.step()), s -> started, "Sent to " + step.agentName());
            reply.whenComplete((answer, failure) -> finished.add(step.step()));
        }

        /** Each dependency's output (or why there is none), after the instruction. */
        private String upstream(Step step) {
            if (step.dependsOn().isEmpty()) {
                return "";
            }
            StringBuilder text = new StringBuilder("\n\nResults of the steps this one builds on:");
            for (int dependency : step.dependsOn()) {
                Step earlier = stepNumbered(dependency);
                text.append("\n\n## Step ")
                        .append(dependency)
                        .append(" (")
                        .append(earlier.agentName())
                        .append(")\n")
                        .append(earlier.output()
                                .map(output -> abbreviated(output, MAX_UPSTREAM_CHARS))
                                .orElse("No output: " + earlier.error().orElse("it was skipped") + "."));
            }
            return text.toString();
        }

        private void settle(int number, CompletableFuture<Reply> future) {
            Reply reply;
            try {
                reply = future.join();
            } catch (CancellationException | CompletionException e) {
                if (cancelled()) {
                    throw failed("cancelled");
                }
                String error = e.getCause() instanceof EngineException engine ? engine.getMessage() : String.valueOf(e);
                changeSteps(List.of(number), s -> s.ended(StepStatus.FAILED, error, clock.instant()), error);
                replan(number, error);
                return;
            }
            changeSteps(
                    List.of(number),
                    s -> s.succeeded(reply.text(), reply.usage(), clock.instant()),
                    abbreviated(reply.text(), 200));
            addUsage(reply.usage());
        }

        /** A step failed: the Driver plans the remaining work once; a second failure fails the workflow. */
        private void replan(int failedStep, String error) {
            if (workflow.replans() >= 1) {
                throw failed("Step " + failedStep + " failed after the plan was already revised: " + error);
            }
            if (workflow.replans() + 2 > workflow.limits().maxDepth()) {
                throw stopped("max_depth: step " + failedStep + " failed (" + error + ") and revising the plan needs"
                        + " depth " + (workflow.replans() + 2) + " of "
                        + workflow.limits().maxDepth());
            }
            update(w -> w.withReplans(w.replans() + 1)
                    .withSteps(w.steps().stream()
                            .map(s -> s.status() == StepStatus.PENDING || s.status() == StepStatus.WAITING_APPROVAL
                                    ? s.ended(StepStatus.SKIPPED, "Replaced by the revised plan", clock.instant())
                                    : s)
                            .toList()));
            publish(0, workflow.status().wireName(), Optional.empty(), "Step " + failedStep + " failed; re-planning");
            addSteps(askForPlan(replanPrompt(failedStep, error)));
        }

        private String replanPrompt(int failedStep, String error) {
            String done = workflow.steps().stream()
                    .map(s -> "- Step " + s.step() + " (" + s.agentName() + ", "
                            + s.status().wireName() + "): "
                            + s.instruction()
                            + s.output()
                                    .map(o -> "\n  Output: " + abbreviated(o, 2_000))
                                    .orElse("")
                            + s.error().map(e -> "\n  Error: " + e).orElse(""))
                    .collect(Collectors.joining("\n"));
            int next = workflow.steps().stream().mapToInt(Step::step).max().orElse(0) + 1;
            return """
                    Step %d of the plan for this task failed: %s
                    Plan the remaining work again. Number the new steps from %d; they may depend on the steps that \
                    succeeded or are still running. Use at most %d steps.

                    The steps so far:
                    %s

                    The team:
                    %s

                    The task:
                    %s""".formatted(failedStep, error, next, stepsLeft(), done, team(), workflow.goal());
        }

        // Review

        private String review() {
            String outputs = workflow.steps().stream()
                    .filter(s -> s.status().isSettled())
                    .map(s -> "## Step " + s.step() + " (" + s.agentName() + "): " + s.instruction() + "\n"
                            + s.output()
                                    .map(o -> abbreviated(o, MAX_UPSTREAM_CHARS))
                                    .orElse("Skipped: " + s.error().orElse("") + "."))
                    .collect(Collectors.joining("\n\n"));
            return askDriver("""
                    Review the outputs of the steps you planned for this task and write the final result for the \
                    person who asked. Say plainly what could not be done.

                    The task:
                    %s

                    %s""".formatted(workflow.goal(), outputs), false);
        }

        // Turns, bounds, state

        private String askDriver(String text, boolean plan) {
            checkBounds();
            MessageRequest request =
                    MessageRequest.of(CoreAgents.DRIVER_ID, text).forTask(workflow.taskId());
            CompletableFuture<Reply> reply = chat.send(
                    plan ? request.withResponseFormat(PlanParser.RESPONSE_FORMAT) : request, Optional.empty());
            driverTurns.add(reply);
            try {
                Duration left = Duration.between(clock.instant(), deadline);
                Reply answer = reply.get(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS);
                addUsage(answer.usage());
                return answer.text();
            } catch (TimeoutException e) {
                reply.cancel(true);
                throw timedOut();
            } catch (CancellationException e) {
                throw failed("cancelled");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("interrupted");
            } catch (ExecutionException e) {
                String why = e.getCause() instanceof EngineException engine ? engine.getMessage() : e.toString();
                throw failed("The Driver could not answer: " + why);
            } finally {
                driverTurns.remove(reply);
            }
        }

        private void addUsage(Usage usage) {
            used = used.plus(usage);
            update(w -> w.withUsage(w.usage().plus(usage)));
            checkBounds();
        }

        private void checkBounds() {
            if (cancelled()) {
                throw failed("cancelled");
            }
            if (used.totalTokens() > workflow.limits().maxTokens()) {
                throw stopped("max_tokens: " + used.totalTokens() + " tokens used, the limit is "
                        + workflow.limits().maxTokens());
            }
            if (!clock.instant().isBefore(deadline)) {
                throw timedOut();
            }
        }

        private Ended timedOut() {
            return stopped("timeout_s: the workflow ran longer than "
                    + workflow.limits().timeoutS() + " s");
        }

        private Step stepNumbered(int number) {
            return workflow.steps().stream()
                    .filter(s -> s.step() == number)
                    .findFirst()
                    .orElseThrow();
        }

        private void markRunningSteps(StepStatus end, String reason) {
            List<Integer> numbers = workflow.steps().stream()
                    .filter(s -> s.status() == StepStatus.RUNNING || s.status() == StepStatus.WAITING_APPROVAL)
                    .map(Step::step)
                    .toList();
            if (!numbers.isEmpty()) {
                changeSteps(numbers, s -> s.ended(end, reason, clock.instant()), reason);
            }
        }

        private void changeSteps(List<Integer> numbers, UnaryOperator<Step> change, String detail) {
            update(w -> w.withSteps(w.steps().stream()
                    .map(s -> numbers.contains(s.step()) ? change.apply(s) : s)
                    .toList()));
            numbers.forEach(number -> publishStep(stepNumbered(number), detail));
        }

        private void setStatus(WorkflowStatus status, String detail) {
            update(w -> w.withStatus(status));
            publish(0, status.wireName(), Optional.empty(), detail);
        }

        private void end(WorkflowStatus status, Optional<String> reason, Optional<String> result, String detail) {
            update(w -> w.finished(status, reason, result, clock.instant()));
            publish(0, status.wireName(), Optional.empty(), detail);
        }

        private void update(UnaryOperator<Workflow> change) {
            workflow = change.apply(workflow);
            if (!closing) {
                store.update(workflow);
            }
        }

        private void publishStep(Step step, String detail) {
            publish(step.step(), step.status().wireName(), step.agentId(), detail);
        }

        private void publish(int step, String status, Optional<Long> agentId, String detail) {
            events.publish(new EngineEvent.WorkflowStep(
                    workflow.id(),
                    Optional.of(workflow.taskId()),
                    String.valueOf(step),
                    status,
                    agentId,
                    detail,
                    clock.instant()));
        }
    }

    private static String abbreviated(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
