package io.agentdeck.engine.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.approval.ApprovalService;
import io.agentdeck.engine.chat.ChatService;
import io.agentdeck.engine.creator.AgentCreator;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.store.AgentStore;
import io.agentdeck.engine.store.ConversationStore;
import io.agentdeck.engine.store.WorkflowStore;
import io.agentdeck.engine.task.TaskControl;
import java.time.Clock;

/**
 * Runs workflows on a task worker's thread: the Driver plans (a turn with the plan's JSON schema), every ready step is
 * a message to its agent through {@link ChatService#send} (so each agent's lane and order apply, and independent steps
 * run in parallel), and the Driver reviews the outputs into the result. The worker's thread is not the Driver's lane,
 * so the Driver's turns cannot wait on themselves. Every change is stored and published as a
 * {@link EngineEvent.WorkflowStep} (step 0 is the workflow itself).
 *
 * <p>One run is a {@link WorkflowRun}: the {@link Planner} has the Driver's part (plans, the {@link Specialists} a plan
 * asks for, the review), the {@link StepRunner} runs the steps, {@link RunBounds} keeps the limits and
 * {@link RunState} stores and publishes every change.
 */
public final class Orchestrator {
    private final RunServices services;
    private volatile boolean closing;

    public Orchestrator(
            ChatService chat,
            ConversationStore conversations,
            AgentStore agents,
            AgentCreator creator,
            ApprovalService approvals,
            WorkflowStore store,
            EventBus events,
            Clock clock) {
        ObjectMapper json = new ObjectMapper();
        this.services = new RunServices(
                chat,
                conversations,
                agents,
                creator,
                approvals,
                store,
                events,
                clock,
                new PlanParser(json),
                new PlanValidator(),
                json,
                () -> closing);
    }

    /** Runs the workflow to its end and returns the result; any other end is thrown as an {@link EngineException}. */
    public String run(Workflow workflow, TaskControl control) {
        return new WorkflowRun(workflow, control, services).execute();
    }

    /**
     * AgentDeck is stopping: runs end without recording an outcome, so the next start finds them unfinished and marks
     * them interrupted (a person may resume them) instead of cancelled.
     */
    public void close() {
        closing = true;
    }
}
