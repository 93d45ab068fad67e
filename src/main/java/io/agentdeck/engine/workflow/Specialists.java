package io.agentdeck.engine.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.approval.Approval;
import io.agentdeck.engine.approval.ApprovalKind;
import io.agentdeck.engine.approval.ApprovalStatus;
import io.agentdeck.engine.approval.NewApproval;
import io.agentdeck.engine.creator.AgentCreator.AgentRequest;
import io.agentdeck.engine.creator.AgentSpec;
import io.agentdeck.engine.model.Generation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The new specialists a plan asks for ({@code new:<role>}): the Creator designs each, and a person approves it
 * ({@code create_agent}) while the workflow waits, unless the limits allow new agents. A specialist that cannot be
 * designed or is not approved has its steps skipped with the reason.
 */
final class Specialists {
    private final RunState state;
    private final RunBounds bounds;
    private final RunServices services;
    private final RunWait wait;
    private final Generation approvalWait = new Generation();

    Specialists(RunState state, RunBounds bounds, RunServices services, RunWait wait) {
        this.state = state;
        this.bounds = bounds;
        this.services = services;
        this.wait = wait;
    }

    /** Designs the specialist for {@code role} and gives it the steps numbered {@code stepNumbers}, or skips them. */
    void bring(String role, List<Integer> stepNumbers) {
        bounds.check();
        Workflow workflow = state.workflow();
        AgentRequest request = new AgentRequest(
                Prompts.abbreviated(role, 200),
                List.of(),
                Optional.of(
                        Prompts.abbreviated("Asked for by workflow " + workflow.id() + ": " + workflow.goal(), 2_000)));
        AgentSpec spec;
        try {
            spec = wait.await(onItsOwnThread(() -> services.creator().design(request)));
        } catch (CompletionException e) {
            if (e.getCause() instanceof EngineException failure) {
                state.skip(stepNumbers, "The Creator could not design '" + role + "': " + failure.getMessage());
                return;
            }
            throw unwrapped(e);
        }
        if (!workflow.limits().allowNewAgents()) {
            state.changeSteps(stepNumbers, s -> s.withStatus(StepStatus.WAITING_APPROVAL), "Waits for approval");
            state.setStatus(
                    WorkflowStatus.WAITING_APPROVAL, "A person is asked to approve the new agent " + spec.name());
            NewApproval question = new NewApproval(
                    ApprovalKind.CREATE_AGENT,
                    CoreAgents.CREATOR_ID,
                    "create_agent",
                    specJson(spec),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(workflow.taskId()));
            Approval answer;
            try {
                answer = wait.await(onItsOwnThread(() -> services.approvals().ask(question, approvalWait)));
            } catch (CompletionException e) {
                throw unwrapped(e);
            }
            if (bounds.cancelled()) {
                throw RunEnded.failed("cancelled");
            }
            state.setStatus(
                    WorkflowStatus.RUNNING,
                    "Approval of " + spec.name() + ": " + answer.status().wireName());
            if (answer.status() != ApprovalStatus.APPROVED) {
                state.skip(
                        stepNumbers,
                        "The new agent " + spec.name() + " was "
                                + answer.status().wireName()
                                + answer.reason().map(reason -> ": " + reason).orElse(""));
                return;
            }
        }
        Agent agent = services.creator().create(spec, request);
        state.changeSteps(
                stepNumbers,
                s -> s.withAgent(agent.id(), agent.name()).withStatus(StepStatus.PENDING),
                "Assigned to the new agent " + agent.name());
    }

    /** Cancel and shutdown: a person's approval is no longer waited for. */
    void stop() {
        approvalWait.cancel();
    }

    /**
     * The Creator's turn and a person's answer are waited for off the run's thread, so that the run serves steps'
     * delegations meanwhile ({@link RunWait}).
     */
    private static <T> CompletableFuture<T> onItsOwnThread(Supplier<T> work) {
        return CompletableFuture.supplyAsync(
                work, command -> Thread.ofVirtual().name("workflow-specialist").start(command));
    }

    private static RuntimeException unwrapped(CompletionException e) {
        return e.getCause() instanceof RuntimeException cause ? cause : e;
    }

    private String specJson(AgentSpec spec) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", spec.name());
        fields.put("role", spec.role());
        fields.put("system_prompt", spec.systemPrompt());
        fields.put("capabilities", spec.capabilities());
        fields.put("tools", spec.tools());
        fields.put("workflow_id", state.workflow().id());
        try {
            return services.json().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
