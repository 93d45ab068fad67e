package io.agentdeck.engine.tool;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.approval.Approval;
import io.agentdeck.engine.approval.ApprovalService;
import io.agentdeck.engine.approval.NewApproval;
import io.agentdeck.engine.turn.ToolBox;
import io.agentdeck.engine.turn.ToolCallContext;
import io.agentdeck.engine.turn.ToolCallStatus;
import io.agentdeck.engine.turn.ToolResult;
import io.agentdeck.engine.turn.TurnOrigin;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tools of the engine's agents: an agent is offered the tools it was given that exist and are not denied; a call
 * runs after its policy allows it (asking a person first where the policy says ask), on a thread of its own, for at
 * most the tool timeout, and its result is cut to what a model can read.
 */
public final class AgentToolBox implements ToolBox {
    /** The most of a result the model reads; more would crowd out the conversation. */
    public static final int MAX_RESULT_CHARS = 64 * 1024;
    /** A tool that keeps time itself gets this much longer, so that it can say in its own words what took too long. */
    private static final Duration OWN_TIMEOUT_GRACE = Duration.ofSeconds(5);

    private final ToolCatalog catalog;
    private final ToolPolicies policies;
    private final ApprovalService approvals;
    private final Duration callTimeout;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    public AgentToolBox(ToolCatalog catalog, ToolPolicies policies, ApprovalService approvals, Duration callTimeout) {
        this.catalog = catalog;
        this.policies = policies;
        this.approvals = approvals;
        this.callTimeout = callTimeout;
    }

    @Override
    public List<ToolSpecification> toolsFor(Agent agent) {
        return agent.tools().stream()
                .flatMap(name -> catalog.find(name).stream())
                .filter(tool -> policies.effective(tool.info(), agent.id()) != ToolPolicy.DENY)
                .map(tool -> tool.info().specification())
                .toList();
    }

    @Override
    public ToolResult execute(ToolCallContext context, ToolExecutionRequest call) {
        Agent agent = context.agent();
        if (!agent.tools().contains(call.name())) {
            throw EngineException.notFound(agent.name() + " has no tool named \"" + call.name() + "\".");
        }
        Tool tool = catalog.find(call.name())
                .orElseThrow(() -> EngineException.notFound(
                        "The tool \"" + call.name() + "\" is not available now (its MCP server may be stopped)."));
        ToolArguments arguments =
                ToolArguments.parse(call.arguments()).from(agent.id()).within(context.sources());
        switch (policies.effective(tool.info(), agent.id())) {
            case DENY -> {
                return denied("The tool " + tool.info().name() + " is not allowed by its policy.");
            }
            case ASK -> {
                Approval decided = approvals.ask(
                        new NewApproval(
                                agent.id(),
                                tool.info().name(),
                                arguments.json(),
                                context.origin().map(TurnOrigin::conversationId),
                                context.origin().map(TurnOrigin::questionId),
                                context.origin().flatMap(TurnOrigin::taskId)),
                        context.generation());
                if (decided.status() != io.agentdeck.engine.approval.ApprovalStatus.APPROVED) {
                    return denied("A person did not approve this call ("
                            + decided.status().wireName()
                            + decided.reason().map(reason -> ": " + reason).orElse("")
                            + "). Do not try it again; answer without it or ask the user.");
                }
            }
            case ALLOW -> {}
        }
        return run(tool, arguments, context);
    }

    private ToolResult run(Tool tool, ToolArguments arguments, ToolCallContext context) {
        Duration limit = tool.timeout().map(own -> own.plus(OWN_TIMEOUT_GRACE)).orElse(callTimeout);
        Future<String> running = calls.submit(() -> tool.run(arguments));
        try {
            return ToolResult.ok(capped(running.get(limit.toMillis(), TimeUnit.MILLISECONDS)));
        } catch (TimeoutException e) {
            running.cancel(true);
            return new ToolResult(
                    ToolCallStatus.TIMEOUT,
                    "Error: the tool did not finish within " + spoken(limit) + " and was stopped.");
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorKind.CANCELLED, "The generation was cancelled.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String spoken(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + " ms" : duration.toSeconds() + " seconds";
    }

    private static ToolResult denied(String why) {
        return new ToolResult(ToolCallStatus.DENIED, "Denied: " + why);
    }

    /** A result longer than a model should read is cut, and the model is told how much it missed. */
    static String capped(String result) {
        String text = Optional.ofNullable(result).orElse("");
        if (text.length() <= MAX_RESULT_CHARS) {
            return text;
        }
        return text.substring(0, MAX_RESULT_CHARS) + "\n[… " + (text.length() - MAX_RESULT_CHARS)
                + " more characters cut]";
    }

    /** Stops calls still running (AgentDeck is closing). */
    public void close() {
        calls.shutdownNow();
    }
}
