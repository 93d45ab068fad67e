package io.agentdeck.engine.tool;

import io.agentdeck.engine.EngineException;
import java.time.Duration;
import java.util.Optional;

/** Something an agent may call during a turn. */
public interface Tool {
    ToolInfo info();

    /**
     * How long a call may take when the tool keeps time itself (an MCP server's tool does, and says so in its own
     * words); the tool box then waits a little longer than this instead of its usual limit. Empty: the tool box's
     * limit applies.
     */
    default Optional<Duration> timeout() {
        return Optional.empty();
    }

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
