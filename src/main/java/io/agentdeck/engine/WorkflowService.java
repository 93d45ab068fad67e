package io.agentdeck.engine;

import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.model.ModelInvoker;
import io.agentdeck.engine.store.WorkflowStore;
import io.agentdeck.engine.task.NewTask;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskControl;
import io.agentdeck.engine.task.TaskProcessor;
import io.agentdeck.engine.turn.Usage;
import io.agentdeck.engine.workflow.Orchestrator;
import io.agentdeck.engine.workflow.Workflow;
import io.agentdeck.engine.workflow.WorkflowLimits;
import io.agentdeck.engine.workflow.WorkflowStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflows area: a task for the Driver run as a plan the team carries out. Each run is a background task of type
 * {@value #WORKFLOW_TASK}, so it is stored, cancellable and found again after a restart.
 */
public final class WorkflowService {
    public static final String WORKFLOW_TASK = "workflow";
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowService.class);

    private final InitializationGate gate;
    private final TaskProcessor processor;
    private final WorkflowStore store;
    private final Orchestrator orchestrator;
    private final ModelInvoker model;
    private final Clock clock;

    public WorkflowService(
            InitializationGate gate,
            TaskProcessor processor,
            WorkflowStore store,
            Orchestrator orchestrator,
            ModelInvoker model,
            Clock clock) {
        this.gate = gate;
        this.processor = processor;
        this.store = store;
        this.orchestrator = orchestrator;
        this.model = model;
        this.clock = clock;
        processor.registerHandler(WORKFLOW_TASK, (task, control) -> run(task, control));
    }

    /**
     * Before the task workers start: workflows that were under way when AgentDeck stopped become interrupted (a person
     * may resume them); a queued workflow task runs again as usual.
     */
    public void recover() {
        int interrupted = store.interruptUnfinished(clock.instant());
        if (interrupted > 0) {
            LOG.warn("{} workflow(s) were under way when AgentDeck stopped; marked interrupted", interrupted);
        }
    }

    /** Queues the goal as a workflow and returns it at once (status planning). */
    public Workflow start(String goal, WorkflowLimits limits) {
        gate.require();
        String text = TaskService.validTaskText(goal);
        model.requireReady();
        String id = UUID.randomUUID().toString();
        Task task = processor.submitPrepared(
                new NewTask(WORKFLOW_TASK, CoreAgents.DRIVER_ID, text),
                created -> store.create(new Workflow(
                        id,
                        created.id(),
                        text,
                        WorkflowStatus.PLANNING,
                        Optional.empty(),
                        List.of(),
                        Optional.empty(),
                        Usage.NONE,
                        limits,
                        0,
                        created.createdAt(),
                        Optional.empty())));
        return require(id).withTask(task.id());
    }

    /** Waits for the workflow's task to finish, up to {@code timeout}. */
    public Task await(Workflow workflow, Duration timeout) {
        return processor.await(workflow.taskId(), timeout);
    }

    public List<Workflow> list(Optional<WorkflowStatus> status, int limit) {
        gate.require();
        return store.find(status, limit);
    }

    public Workflow require(String id) {
        gate.require();
        return store.findById(id).orElseThrow(() -> EngineException.notFound("No workflow with id " + id + "."));
    }

    /** The workflow a background task runs, if it runs one (a resumed workflow is found by its newest task). */
    public Optional<Workflow> forTask(long taskId) {
        gate.require();
        return store.findByTaskId(taskId);
    }

    /** Cancels the workflow's task, which stops every running step at once. */
    public Workflow cancel(String id) {
        Workflow workflow = require(id);
        if (!workflow.status().isUnfinished()) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    "Workflow " + id + " already " + workflow.status().wireName() + ".");
        }
        processor.cancel(workflow.taskId());
        return require(id);
    }

    /** Continues an interrupted or stopped workflow under a new task: only the steps that did not succeed run. */
    public Workflow resume(String id) {
        Workflow workflow = require(id);
        if (!workflow.status().isResumable()) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    "Only an interrupted or stopped workflow can be resumed; " + id + " is "
                            + workflow.status().wireName() + ".");
        }
        model.requireReady();
        processor.submitPrepared(
                new NewTask(WORKFLOW_TASK, CoreAgents.DRIVER_ID, workflow.goal()),
                created -> store.update(workflow.resumed(created.id())));
        return require(id);
    }

    private String run(Task task, TaskControl control) {
        Workflow workflow = store.findByTaskId(task.id())
                .orElseThrow(() -> EngineException.notFound("No workflow for task " + task.id() + "."));
        if (processor.shared() && !workflow.steps().isEmpty()) {
            // A node that stopped or died ran it before: what it had not finished runs again here, as in a resume.
            workflow = workflow.resumed(task.id());
            store.update(workflow);
        }
        return orchestrator.run(workflow, control);
    }

    /** AgentDeck is stopping: runs leave their workflows unfinished, to be marked interrupted at the next start. */
    public void close() {
        orchestrator.close();
    }
}
