package io.agentdeck.engine.task;

/** The work behind a task type. It returns the result text or throws; {@code control} lets it react to cancel. */
@FunctionalInterface
public interface TaskHandler {
    String run(Task task, TaskControl control) throws Exception;
}
