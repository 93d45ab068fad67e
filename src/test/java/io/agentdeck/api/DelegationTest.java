package io.agentdeck.api;

import static io.agentdeck.api.WorkflowHttp.REVIEW;
import static io.agentdeck.api.WorkflowHttp.awaitWorkflow;
import static io.agentdeck.api.WorkflowHttp.script;
import static io.agentdeck.api.WorkflowHttp.startWorkflow;
import static io.agentdeck.api.WorkflowHttp.stepStatuses;
import static io.agentdeck.testing.Waits.WAIT;
import static io.agentdeck.testing.WorkflowScript.answerEachStep;
import static io.agentdeck.testing.WorkflowScript.firstLine;
import static io.agentdeck.testing.WorkflowScript.plan;
import static io.agentdeck.testing.WorkflowScript.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.api.realtime.WsTestClient;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.RecordedRequest;
import io.agentdeck.testing.TestApp;
import io.agentdeck.testing.TestDatabases;
import io.agentdeck.testing.WorkflowScript;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow step's agent delegates part of its step with the {@code delegate} tool, over the real API: the fake model
 * plays the Driver's plans and each step's turns ({@link WorkflowHttp}); a step's turn calls the tool in its first
 * round and answers from the tool's result in the next.
 */
@AppTest(shared = true)
class DelegationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private TestApp app;

    @FromApp
    private HttpJson http;

    private static FakeReply delegate(String agent, String instruction) {
        try {
            return FakeReply.toolCall(
                    "delegate", JSON.writeValueAsString(Map.of("agent", agent, "instruction", instruction)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the turn's model read as the results of its tool calls so far, in order. */
    private static List<String> toolResults(RecordedRequest request) {
        return request.messages().stream()
                .filter(m -> m.role().equals("tool"))
                .map(RecordedRequest.Message::content)
                .toList();
    }

    private static boolean offersDelegate(RecordedRequest request) {
        return request.tools().stream()
                .anyMatch(tool -> tool.path("function").path("name").asText().equals("delegate"));
    }

    private List<RecordedRequest> requestsFor(String instruction) {
        return model.requests().stream()
                .filter(r -> firstLine(r).equals(instruction))
                .toList();
    }

    private void awaitIdle(long... agentIds) {
        for (long id : agentIds) {
            await().atMost(WAIT)
                    .until(
                            () -> http.get("/api/agents/" + id + "/status").json(),
                            status -> status.get("status").asText().equals("idle")
                                    && status.get("queue_length").asInt() == 0);
        }
    }

    @Test
    void aStepDelegatesToAnotherAgentAndAnswersWithItsOutput() throws Exception {
        script(model, List.of(plan(step(1, "Generator", "Write the report"))), request -> switch (firstLine(request)) {
            case "Write the report" ->
                toolResults(request).isEmpty()
                        ? delegate("Driver", "Gather the figures")
                        : FakeReply.text("REPORT with " + toolResults(request).getLast());
            case "Gather the figures" -> FakeReply.text("FIGURES 42");
            default -> answerEachStep(request);
        });
        try (WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + app.port() + "/ws?token=" + app.token())) {
            var response = http.post("/api/agents/task", "{\"task\": \"Report the figures\", \"wait\": true}");
            assertThat(response.json().get("status").asText()).isEqualTo("succeeded");
            assertThat(response.json().get("result").asText()).isEqualTo(REVIEW);
            String id = response.json().get("workflow_id").asText();

            JsonNode workflow = http.get("/api/workflows/" + id).json();
            assertThat(stepStatuses(workflow)).containsExactly("1:succeeded", "2:succeeded");
            JsonNode planned = workflow.at("/steps/0");
            JsonNode delegated = workflow.at("/steps/1");
            assertThat(planned.has("delegated_by")).isFalse();
            assertThat(planned.get("output").asText()).isEqualTo("REPORT with FIGURES 42");
            assertThat(delegated.get("delegated_by").asInt()).isEqualTo(1);
            assertThat(delegated.get("agent_name").asText()).isEqualTo("Driver");
            assertThat(delegated.get("agent_id").asLong()).isEqualTo(1);
            assertThat(delegated.get("instruction").asText()).isEqualTo("Gather the figures");
            assertThat(delegated.get("depends_on")).isEmpty();
            assertThat(delegated.get("output").asText()).isEqualTo("FIGURES 42");
            assertThat(delegated.at("/usage/input_tokens").asLong()).isPositive();
            assertThat(workflow.at("/usage/input_tokens").asLong())
                    .isGreaterThan(planned.at("/usage/input_tokens").asLong()
                            + delegated.at("/usage/input_tokens").asLong());

            // The caller's model was offered the tool and read the delegated step's output as its result; the
            // delegated step, at depth 2 of max_depth 2, was not offered it.
            List<RecordedRequest> caller = requestsFor("Write the report");
            assertThat(caller).hasSize(2);
            assertThat(offersDelegate(caller.getFirst())).isTrue();
            assertThat(toolResults(caller.getLast())).containsExactly("FIGURES 42");
            assertThat(requestsFor("Gather the figures"))
                    .singleElement()
                    .satisfies(r -> assertThat(offersDelegate(r)).isFalse());
            String review = model.requests().stream()
                    .filter(WorkflowScript::isReview)
                    .toList()
                    .getLast()
                    .lastQuestion();
            assertThat(review).contains("Step 2 (Driver, delegated by step 1)").contains("FIGURES 42");

            // The step ran in a thread of its own, where the call is kept like any tool call.
            long stepThread = StreamSupport.stream(
                            http.get("/api/agents/3/conversations")
                                    .json()
                                    .get("conversations")
                                    .spliterator(),
                            false)
                    .filter(c -> c.get("title").asText().equals("Workflow step 1: Write the report"))
                    .findFirst()
                    .orElseThrow()
                    .get("id")
                    .asLong();
            JsonNode toolMessage = StreamSupport.stream(
                            http.get("/api/agents/3/messages?limit=20&conversation_id=" + stepThread)
                                    .json()
                                    .get("messages")
                                    .spliterator(),
                            false)
                    .filter(m -> m.get("role").asText().equals("tool"))
                    .toList()
                    .getLast();
            assertThat(toolMessage.at("/tool/name").asText()).isEqualTo("delegate");
            assertThat(toolMessage.at("/tool/status").asText()).isEqualTo("ok");
            assertThat(toolMessage.get("content").asText()).isEqualTo("FIGURES 42");

            List<JsonNode> updates = client
                    .until(f -> f.get("event").asText().equals("workflow_update")
                            && f.at("/data/workflow_id").asText().equals(id)
                            && f.at("/data/step").asText().equals("0")
                            && f.at("/data/status").asText().equals("succeeded"))
                    .stream()
                    .filter(f -> f.get("event").asText().equals("workflow_update"))
                    .map(f -> f.get("data"))
                    .filter(d -> d.get("workflow_id").asText().equals(id)
                            && d.get("step").asText().equals("2"))
                    .toList();
            assertThat(updates)
                    .extracting(d -> d.get("status").asText())
                    .containsExactly("pending", "running", "succeeded");
            assertThat(updates.getFirst().get("detail").asText()).isEqualTo("Delegated by step 1: Gather the figures");
            assertThat(updates.getFirst().get("agent_id").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aDelegatedStepThatDelegatesAtTheDeepestLevelStopsTheWorkflowWithMaxDepth() {
        script(model, List.of(plan(step(1, "Generator", "Write the report"))), request -> switch (firstLine(request)) {
            case "Write the report" -> delegate("Driver", "Gather the figures");
            case "Gather the figures" -> delegate("Creator", "Count the figures");
            default -> answerEachStep(request);
        });
        String id = startWorkflow(http, "Report the figures", null)
                .get("workflow_id")
                .asText();
        JsonNode workflow = awaitWorkflow(http, id, "stopped", "failed", "succeeded");
        assertThat(workflow.get("status").asText()).isEqualTo("stopped");
        assertThat(workflow.get("stop_reason").asText())
                .startsWith("max_depth")
                .contains("step 2")
                .contains("Creator");
        assertThat(stepStatuses(workflow)).containsExactly("1:cancelled", "2:cancelled");
        assertThat(requestsFor("Count the figures")).isEmpty();
        awaitIdle(1, 2, 3);
    }

    @Test
    void anUnknownAgentItselfOrAnAgentItWaitsForIsAnErrorTheModelReadsAndTheWorkflowGoesOn() {
        script(model, List.of(plan(step(1, "Generator", "Write the report"))), request -> {
            List<String> results = toolResults(request);
            return switch (firstLine(request)) {
                case "Write the report" ->
                    switch (results.size()) {
                        case 0 -> delegate("Nobody", "Gather the figures");
                        case 1 -> delegate("generator", "Gather the figures");
                        case 2 -> delegate("Driver", "Gather the figures");
                        default -> FakeReply.text("REPORT with " + results.getLast());
                    };
                case "Gather the figures" ->
                    results.isEmpty()
                            ? delegate("Generator", "Check the figures")
                            : FakeReply.text("FIGURES 42 (" + results.getLast() + ")");
                default -> answerEachStep(request);
            };
        });
        String id = startWorkflow(http, "Report the figures", "{\"max_depth\": 3}")
                .get("workflow_id")
                .asText();
        JsonNode workflow = awaitWorkflow(http, id, "succeeded", "stopped", "failed");
        assertThat(workflow.get("status").asText()).isEqualTo("succeeded");
        assertThat(stepStatuses(workflow)).containsExactly("1:succeeded", "2:succeeded");
        assertThat(workflow.at("/steps/1/delegated_by").asInt()).isEqualTo(1);

        List<String> callerRead = toolResults(requestsFor("Write the report").getLast());
        assertThat(callerRead).hasSize(3);
        assertThat(callerRead.get(0))
                .startsWith("Error: There is no team member named 'Nobody'")
                .contains("Driver")
                .contains("Generator");
        assertThat(callerRead.get(1)).startsWith("Error: You cannot delegate to yourself (Generator)");
        assertThat(callerRead.get(2)).startsWith("FIGURES 42 (Error: Generator cannot take this now");
        assertThat(workflow.at("/steps/0/output").asText()).startsWith("REPORT with FIGURES 42");
        // At depth 2 of max_depth 3 the delegated step was offered the tool too.
        assertThat(offersDelegate(requestsFor("Gather the figures").getFirst())).isTrue();
        assertThat(requestsFor("Check the figures")).isEmpty();
    }

    @Test
    void delegatingBeyondTheStepBudgetStopsTheWorkflowWithMaxSteps() {
        script(model, List.of(plan(step(1, "Generator", "Write the report"))), request -> switch (firstLine(request)) {
            case "Write the report" -> delegate("Driver", "Gather the figures");
            default -> answerEachStep(request);
        });
        String id = startWorkflow(http, "Report the figures", "{\"max_steps\": 1}")
                .get("workflow_id")
                .asText();
        JsonNode workflow = awaitWorkflow(http, id, "stopped", "failed", "succeeded");
        assertThat(workflow.get("status").asText()).isEqualTo("stopped");
        assertThat(workflow.get("stop_reason").asText()).startsWith("max_steps");
        assertThat(stepStatuses(workflow)).containsExactly("1:cancelled");
        awaitIdle(1, 3);
    }

    @Test
    void delegatingAnInstructionAnAgentAlreadyHasIsStoppedAsALoop() {
        script(
                model,
                List.of(plan(step(1, "Generator", "Write the report"), step(2, "Driver", "Gather the figures"))),
                request -> switch (firstLine(request)) {
                    case "Write the report" -> delegate("Driver", "gather the  figures");
                    case "Gather the figures" -> FakeReply.text("FIGURES 42");
                    default -> answerEachStep(request);
                });
        String id = startWorkflow(http, "Report the figures", null)
                .get("workflow_id")
                .asText();
        JsonNode workflow = awaitWorkflow(http, id, "stopped", "failed", "succeeded");
        assertThat(workflow.get("status").asText()).isEqualTo("stopped");
        assertThat(workflow.get("stop_reason").asText()).startsWith("loop").contains("Driver");
        awaitIdle(1, 3);
    }

    @Test
    void cancellingWhileADelegatedStepRunsStopsBothTurnsAndLeavesNothingRunning() {
        script(model, List.of(plan(step(1, "Generator", "Write the report"))), request -> switch (firstLine(request)) {
            case "Write the report" -> delegate("Driver", "Never ends");
            case "Never ends" -> FakeReply.hang();
            default -> answerEachStep(request);
        });
        String id = startWorkflow(http, "Hang", null).get("workflow_id").asText();
        await().atMost(WAIT)
                .until(
                        () -> stepStatuses(http.get("/api/workflows/" + id).json()),
                        s -> s.equals(List.of("1:running", "2:running")));
        await().atMost(WAIT).until(() -> !requestsFor("Never ends").isEmpty());

        assertThat(http.postEmpty("/api/workflows/" + id + "/cancel").status()).isEqualTo(200);

        JsonNode workflow = awaitWorkflow(http, id, "cancelled");
        assertThat(stepStatuses(workflow)).containsExactly("1:cancelled", "2:cancelled");
        long taskId = workflow.get("task_id").asLong();
        await().atMost(WAIT)
                .until(
                        () -> http.get("/api/tasks/" + taskId)
                                .json()
                                .get("status")
                                .asText(),
                        "cancelled"::equals);
        awaitIdle(1, 3);
    }

    @Test
    void aResumedStepDelegatesAgainInsteadOfKeepingWhatItDelegatedBefore(@TempDir Path dataDir) {
        try (FakeOpenAiServer own = FakeOpenAiServer.start()) {
            own.defaultResponder(request -> {
                if (WorkflowScript.isPlanRequest(request)) {
                    return plan(step(1, "Generator", "Write the report"));
                }
                return switch (firstLine(request)) {
                    case "Write the report" -> delegate("Driver", "Gather the figures");
                    default -> FakeReply.hang();
                };
            });
            String id;
            try (TestApp first = TestApp.start(dataDir, TestApp.fakeModel(own.baseUrl()))) {
                first.http().postEmpty("/api/init");
                id = first.http()
                        .post("/api/agents/task", "{\"task\": \"Report the figures\"}")
                        .json()
                        .get("workflow_id")
                        .asText();
                await().atMost(WAIT)
                        .until(
                                () -> stepStatuses(
                                        first.http().get("/api/workflows/" + id).json()),
                                s -> s.equals(List.of("1:running", "2:running")));
            }
            WorkflowHttp.script(own, List.of(plan(step(1, "Generator", "unused"))), request -> switch (firstLine(
                    request)) {
                case "Write the report" ->
                    toolResults(request).isEmpty()
                            ? delegate("Driver", "Gather the figures")
                            : FakeReply.text(
                                    "REPORT with " + toolResults(request).getLast());
                case "Gather the figures" -> FakeReply.text("FIGURES 42");
                default -> answerEachStep(request);
            });
            try (TestApp second = TestApp.start(dataDir, TestApp.fakeModel(own.baseUrl()))) {
                HttpJson secondHttp = second.http();
                secondHttp.postEmpty("/api/init");
                // Nodes sharing a database server hand a run over when they stop: the next one goes on by itself.
                if (!TestDatabases.onPostgres()) {
                    JsonNode interrupted =
                            secondHttp.get("/api/workflows/" + id).json();
                    assertThat(interrupted.get("status").asText()).isEqualTo("interrupted");
                    assertThat(stepStatuses(interrupted)).containsExactly("1:pending", "2:pending");
                    assertThat(interrupted.at("/steps/1/delegated_by").asInt()).isEqualTo(1);
                    assertThat(secondHttp
                                    .postEmpty("/api/workflows/" + id + "/resume")
                                    .status())
                            .isEqualTo(202);
                }
                JsonNode done = awaitWorkflow(secondHttp, id, "succeeded", "stopped", "failed");
                assertThat(done.get("status").asText()).isEqualTo("succeeded");
                assertThat(stepStatuses(done)).containsExactly("1:succeeded", "2:succeeded");
                assertThat(done.at("/steps/1/delegated_by").asInt()).isEqualTo(1);
                assertThat(done.at("/steps/0/output").asText()).isEqualTo("REPORT with FIGURES 42");
                assertThat(own.requests().stream().filter(WorkflowScript::isPlanRequest))
                        .hasSize(1);
            }
        }
    }
}
