package io.agentdeck.engine.turn;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.agent.Agent;
import java.util.List;

/**
 * The port through which a turn offers tools to the model and runs the calls it asks for. The turn runs the rounds;
 * the tool box decides which tools an agent has and what a call does.
 */
public interface ToolBox {
    /** No tools at all: the model is offered none, and a call it makes up anyway is answered with an error. */
    ToolBox NONE = new ToolBox() {
        @Override
        public List<ToolSpecification> toolsFor(Agent agent) {
            return List.of();
        }

        @Override
        public ToolResult execute(ToolCallContext context, ToolExecutionRequest call) {
            throw EngineException.notFound("There is no tool named \"" + call.name() + "\".");
        }
    };

    /** The tools offered to the model in a turn of {@code agent}; empty means the model is offered none. */
    List<ToolSpecification> toolsFor(Agent agent);

    /**
     * Whether a call named {@code toolName} in a turn of {@code agent} is this box's to run: by default, whether it
     * offers a tool of that name. A box may also answer for a tool it does not offer, to report the call itself
     * instead of leaving it to the unknown-tool error.
     */
    default boolean handles(Agent agent, String toolName) {
        return toolsFor(agent).stream().anyMatch(tool -> tool.name().equals(toolName));
    }

    /**
     * Runs one call the model asked for (or refuses it: a policy or a person denied it, it took too long) and returns
     * what the model reads as its result. Cancelling the context's generation stops a call that waits.
     *
     * @throws EngineException when the call cannot be made (unknown tool, bad arguments, the tool failed); the turn
     *     hands the message to the model as the call's result, so the model can correct itself
     */
    ToolResult execute(ToolCallContext context, ToolExecutionRequest call);
}
