package io.agentdeck.engine.workflow;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.tool.ToolArguments;
import io.agentdeck.engine.turn.ToolBox;
import io.agentdeck.engine.turn.ToolCallContext;
import io.agentdeck.engine.turn.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The {@code delegate} tool of one workflow step's turn: the agent asks another team member for part of its step, and
 * the other agent's answer is the call's result. The call only hands a {@link Delegation} to the run's thread, which
 * adds and runs the new step, and waits for the answer; cancelling the turn ends the wait.
 *
 * <p>A step below {@code max_depth} is offered the tool. A step at the deepest level is not, but a call it makes
 * anyway still comes here, so that the run reports the bound ({@code max_depth}) instead of the model reading an
 * unknown-tool error.
 */
final class DelegateTool implements ToolBox {
    static final String NAME = "delegate";
    /** How often a waiting call looks whether its turn was cancelled. */
    private static final Duration CANCEL_CHECK = Duration.ofMillis(100);

    private final int caller;
    private final boolean offered;
    private final String team;
    private final Consumer<Delegation> runThread;

    /**
     * @param caller the number of the step whose turn this is
     * @param offered whether the model is offered the tool (the step is below the deepest level)
     * @param team the other team members, one per line, for the tool's description
     * @param runThread hands a delegation to the run's thread
     */
    DelegateTool(int caller, boolean offered, String team, Consumer<Delegation> runThread) {
        this.caller = caller;
        this.offered = offered;
        this.team = team;
        this.runThread = runThread;
    }

    @Override
    public List<ToolSpecification> toolsFor(Agent agent) {
        if (!offered) {
            return List.of();
        }
        return List.of(ToolSpecification.builder()
                .name(NAME)
                .description("Asks another member of the team to do part of your work and waits for the answer,"
                        + " which is this tool's result. The agent sees only the instruction, not this conversation,"
                        + " so make it complete. The team:\n" + team)
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("agent", "The name of the team member who should do it")
                        .addStringProperty("instruction", "What they must do, complete in itself")
                        .required("agent", "instruction")
                        .build())
                .build());
    }

    @Override
    public boolean handles(Agent agent, String toolName) {
        return NAME.equals(toolName);
    }

    @Override
    public ToolResult execute(ToolCallContext context, ToolExecutionRequest call) {
        ToolArguments arguments = ToolArguments.parse(call.arguments());
        String agent = arguments.text("agent").strip();
        String instruction = arguments.text("instruction").strip();
        if (agent.isEmpty() || instruction.isEmpty()) {
            throw EngineException.invalid("'agent' and 'instruction' must not be empty.");
        }
        Delegation delegation = new Delegation(caller, agent, instruction);
        runThread.accept(delegation);
        try {
            while (true) {
                if (context.generation().isCancelled()) {
                    delegation.cancel("The step's turn was cancelled.");
                    throw cancelled();
                }
                try {
                    return ToolResult.ok(delegation.answer().get(CANCEL_CHECK.toMillis(), TimeUnit.MILLISECONDS));
                } catch (TimeoutException stillWaiting) {
                    // look at the cancel flag again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delegation.cancel("The step's turn was interrupted.");
            throw cancelled();
        } catch (CancellationException e) {
            throw cancelled();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static EngineException cancelled() {
        return new EngineException(ErrorKind.CANCELLED, "The generation was cancelled.");
    }
}
