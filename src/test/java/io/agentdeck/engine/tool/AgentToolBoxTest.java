package io.agentdeck.engine.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentType;
import io.agentdeck.engine.approval.ApprovalService;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.model.Generation;
import io.agentdeck.engine.turn.ToolCallContext;
import io.agentdeck.engine.turn.ToolCallStatus;
import io.agentdeck.engine.turn.ToolResult;
import io.agentdeck.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tool box on real stores: which tools an agent is offered, and how a call that misbehaves ends. */
class AgentToolBoxTest {
    @RegisterExtension
    final TestDatabase db = new TestDatabase();

    private final CountDownLatch slowToolStopped = new CountDownLatch(1);
    private ToolPolicies policies;
    private AgentToolBox box;

    private static Tool tool(String name, boolean readOnly, java.util.function.Function<ToolArguments, String> body) {
        return new FunctionTool(
                ToolInfo.builtin(
                        ToolSpecification.builder().name(name).description(name).build(), readOnly),
                body);
    }

    @BeforeEach
    void start() {
        ToolCatalog catalog = new ToolCatalog(List.of(
                tool("echo", true, arguments -> arguments.text("text")),
                tool("flood", true, arguments -> "x".repeat(10 * 1024 * 1024)),
                tool("slow", true, arguments -> {
                    try {
                        Thread.sleep(60_000);
                        return "never";
                    } catch (InterruptedException e) {
                        slowToolStopped.countDown();
                        throw new IllegalStateException("stopped");
                    }
                }),
                tool("erase", false, arguments -> "erased")));
        policies = new ToolPolicies(db.toolPolicies());
        ApprovalService approvals =
                new ApprovalService(db.approvals(), policies, new EventBus(), db.clock(), Duration.ofMinutes(30));
        box = new AgentToolBox(catalog, policies, approvals, Duration.ofMillis(300));
    }

    @AfterEach
    void stop() {
        box.close();
    }

    private static Agent agent(List<String> tools) {
        return new Agent(
                        7,
                        "Tester",
                        AgentType.DYNAMIC,
                        "tests",
                        "You test.",
                        List.of("testing"),
                        Instant.EPOCH,
                        Optional.empty(),
                        Optional.empty())
                .withTools(tools);
    }

    private ToolResult call(Agent agent, String name, String arguments) {
        return box.execute(
                new ToolCallContext(agent, new Generation(), Optional.empty()),
                ToolExecutionRequest.builder()
                        .id("c1")
                        .name(name)
                        .arguments(arguments)
                        .build());
    }

    @Test
    void anAgentIsOfferedItsOwnToolsThatExistAndAreNotDenied() {
        Agent agent = agent(List.of("echo", "erase", "gone"));
        assertThat(box.toolsFor(agent)).extracting(ToolSpecification::name).containsExactly("echo", "erase");

        policies.set("erase", Optional.of(7L), ToolPolicy.DENY);

        assertThat(box.toolsFor(agent)).extracting(ToolSpecification::name).containsExactly("echo");
        assertThat(call(agent, "erase", "{}").status()).isEqualTo(ToolCallStatus.DENIED);
        assertThatThrownBy(() -> call(agent(List.of("echo")), "erase", "{}"))
                .isInstanceOf(EngineException.class)
                .hasMessage("Tester has no tool named \"erase\".");
    }

    @Test
    void aCallThatTakesTooLongIsStoppedAndTheModelIsToldSo() throws Exception {
        ToolResult result = call(agent(List.of("slow")), "slow", "{}");

        assertThat(result.status()).isEqualTo(ToolCallStatus.TIMEOUT);
        assertThat(result.content()).isEqualTo("Error: the tool did not finish within 300 ms and was stopped.");
        assertThat(slowToolStopped.await(5, TimeUnit.SECONDS))
                .as("the tool's thread is interrupted")
                .isTrue();
    }

    @Test
    void aHugeResultIsCutToWhatAModelCanRead() {
        ToolResult result = call(agent(List.of("flood")), "flood", "{}");

        assertThat(result.status()).isEqualTo(ToolCallStatus.OK);
        assertThat(result.content())
                .hasSize(AgentToolBox.MAX_RESULT_CHARS
                        + ("\n[… " + (10 * 1024 * 1024 - AgentToolBox.MAX_RESULT_CHARS) + " more characters cut]")
                                .length())
                .endsWith(" more characters cut]");
    }

    @Test
    void badArgumentsAreTheModelsToFix() {
        assertThatThrownBy(() -> call(agent(List.of("echo")), "echo", "{\"text\": 3}"))
                .isInstanceOf(EngineException.class)
                .hasMessage("'text' must be a string.");
        assertThat(call(agent(List.of("echo")), "echo", "{\"text\": \"hi\"}").content())
                .isEqualTo("hi");
    }
}
