package io.agentdeck.engine.tool;

import io.agentdeck.engine.EngineException;

/** Something an agent may call during a turn. */
public interface Tool {
    ToolInfo info();

    /**
     * Runs the call on the calling thread and returns what the model reads as its result. The thread is interrupted
     * when the call takes too long.
     *
     * @param arguments the arguments the model wrote, as a JSON object (possibly malformed: the model wrote it)
     * @throws EngineException when the arguments are wrong or the tool cannot do what was asked; the model reads the
     *     message and may try again
     */
    String run(ToolArguments arguments);
}
