package io.agentdeck.engine;

import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.chat.ChatService;
import io.agentdeck.engine.model.ModelInvoker;
import io.agentdeck.engine.store.TaskStore;
import io.agentdeck.engine.task.NewTask;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskProcessor;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.engine.task.TaskTally;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The tasks area: the seed's operator tasks for the Driver, listing, counting and cancelling them. */
public final class TaskService {
    /** The type of a task the Driver answers as a message (the seed's {@code process_operator_task}). */
    public static final String OPERATOR_TASK = "operator_task";

    private final InitializationGate gate;
    private final TaskProcessor processor;
    private final TaskStore store;
    private final ModelInvoker model;

    public TaskService(InitializationGate gate, TaskProcessor processor, TaskStore store, ModelInvoker model) {
        this.gate = gate;
        this.processor = processor;
        this.store = store;
        this.model = model;
    }

    /** The seed's process_operator_task: queues the task for the Driver and returns at once. */
    public Task submitOperatorTask(String task) {
        gate.require();
        return processor.submit(operatorTask(task), Optional.empty());
    }

    /** Queues the task for the Driver and waits for it to finish, up to {@code timeout}. */
    public Task submitOperatorTaskAndWait(String task, Duration timeout) {
        gate.require();
        return processor.submitAndWait(operatorTask(task), timeout);
    }

    /** Waits for a task to finish, here or on another node, up to {@code timeout}; on timeout it keeps running. */
    public Task await(long taskId, Duration timeout) {
        require(taskId);
        return processor.await(taskId, timeout);
    }

    public List<Task> list(Optional<TaskStatus> status, int limit) {
        gate.require();
        return processor.list(status, limit);
    }

    /** How many tasks are in each status, with the unfinished ones, as of one moment. */
    public TaskTally tally() {
        gate.require();
        return store.tally();
    }

    public Task require(long taskId) {
        gate.require();
        return processor.find(taskId).orElseThrow(() -> EngineException.notFound("No task with id " + taskId + "."));
    }

    public Task cancel(long taskId) {
        gate.require();
        return processor.cancel(taskId);
    }

    /** A task nothing can answer is refused at once rather than failed later: without a model, none is queued. */
    private NewTask operatorTask(String task) {
        String input = validTaskText(task);
        model.requireReady();
        return new NewTask(OPERATOR_TASK, CoreAgents.DRIVER_ID, input);
    }

    static String validTaskText(String task) {
        if (task == null || task.isBlank()) {
            throw EngineException.invalid("The task must not be empty.");
        }
        if (task.length() > ChatService.MAX_MESSAGE_CHARS) {
            throw EngineException.invalid("The task is " + task.length() + " characters long; the limit is "
                    + ChatService.MAX_MESSAGE_CHARS + ".");
        }
        return task;
    }
}
