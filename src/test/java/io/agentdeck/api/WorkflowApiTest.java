package io.agentdeck.api;

import static io.agentdeck.api.WorkflowHttp.REVIEW;
import static io.agentdeck.api.WorkflowHttp.stepStatuses;
import static io.agentdeck.testing.Waits.WAIT;
import static io.agentdeck.testing.WorkflowScript.answerEachStep;
import static io.agentdeck.testing.WorkflowScript.firstLine;
import static io.agentdeck.testing.WorkflowScript.isPlanRequest;
import static io.agentdeck.testing.WorkflowScript.isReview;
import static io.agentdeck.testing.WorkflowScript.plan;
import static io.agentdeck.testing.WorkflowScript.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflows end to end over the real API: the fake model plays the Driver's plans, each step's answer and the Driver's
 * review ({@link WorkflowHttp}).
 */
@AppTest(shared = true)
class WorkflowApiTest {
    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private TestApp app;

    @FromApp
    private HttpJson http;

    private void script(List<FakeReply> plans, Function<RecordedRequest, FakeReply> steps) {
        WorkflowHttp.script(model, plans, steps);
    }

    private JsonNode startWorkflow(String task, String limits) {
        return WorkflowHttp.startWorkflow(http, task, limits);
    }

    private JsonNode awaitWorkflow(String id, String... statuses) {
        return WorkflowHttp.awaitWorkflow(http, id, statuses);
    }

    // Tests

    @Test
    void aPlanWithTwoParallelBranchesRunsPassesOutputsOnAndReportsEveryChange() throws Exception {
        script(
                List.of(plan(
                        step(1, "Generator", "Collect facts about apples"),
                        step(2, "Driver", "Collect facts about pears"),
                        step(3, "Generator", "Summarise the apple facts", 1),
                        step(4, "Driver", "Summarise the pear facts", 2),
                        step(5, "Generator", "Compare the two summaries", 3, 4))),
                WorkflowScript::answerEachStep);
        try (WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + app.port() + "/ws?token=" + app.token())) {
            var response = http.post("/api/agents/task", "{\"task\": \"Compare apples and pears\", \"wait\": true}");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("status").asText()).isEqualTo("succeeded");
            assertThat(response.json().get("result").asText()).isEqualTo(REVIEW);
            String id = response.json().get("workflow_id").asText();

            JsonNode workflow = http.get("/api/workflows/" + id).json();
            assertThat(workflow.get("status").asText()).isEqualTo("succeeded");
            assertThat(workflow.get("result").asText()).isEqualTo(REVIEW);
            assertThat(workflow.get("task_id").asLong())
                    .isEqualTo(response.json().get("task_id").asLong());
            assertThat(stepStatuses(workflow))
                    .containsExactly("1:succeeded", "2:succeeded", "3:succeeded", "4:succeeded", "5:succeeded");
            assertThat(workflow.at("/steps/4/depends_on").toString()).isEqualTo("[3,4]");
            assertThat(workflow.at("/steps/4/agent_id").asLong()).isEqualTo(3);
            assertThat(workflow.at("/usage/input_tokens").asLong()).isPositive();
            assertThat(workflow.at("/limits/max_steps").asInt()).isEqualTo(12);

            String compare = model.requests().stream()
                    .map(RecordedRequest::lastQuestion)
                    .filter(m -> m.startsWith("Compare the two summaries"))
                    .findFirst()
                    .orElseThrow();
            assertThat(compare).contains("OUT[Summarise the apple facts]").contains("OUT[Summarise the pear facts]");
            String review = model.requests().stream()
                    .filter(WorkflowScript::isReview)
                    .findFirst()
                    .orElseThrow()
                    .lastQuestion();
            assertThat(review).contains("OUT[Compare the two summaries]");

            List<JsonNode> updates = client
                    .until(f -> f.get("event").asText().equals("workflow_update")
                            && f.at("/data/step").asText().equals("0")
                            && f.at("/data/status").asText().equals("succeeded"))
                    .stream()
                    .filter(f -> f.get("event").asText().equals("workflow_update"))
                    .map(f -> f.get("data"))
                    .filter(d -> d.get("workflow_id").asText().equals(id))
                    .toList();
            List<String> workflowStatuses = updates.stream()
                    .filter(d -> d.get("step").asText().equals("0"))
                    .map(d -> d.get("status").asText())
                    .toList();
            assertThat(workflowStatuses).containsExactly("planning", "running", "succeeded");
            for (int step = 1; step <= 5; step++) {
                String number = String.valueOf(step);
                assertThat(updates.stream()
                                .filter(d -> d.get("step").asText().equals(number))
                                .map(d -> d.get("status").asText())
                                .toList())
                        .as("step %s", number)
                        .containsExactly("pending", "running", "succeeded");
            }
            assertThat(updates.getFirst().get("task_id").asLong())
                    .isEqualTo(response.json().get("task_id").asLong());
        }
    }

    @Test
    void aMalformedPlanIsAskedForAgainOnceThenACyclicOneFailsTheWorkflow() {
        script(
                List.of(
                        FakeReply.text("Sure! First we research, then we write."),
                        plan(step(1, "Generator", "A", 2), step(2, "Generator", "B", 1))),
                WorkflowScript::answerEachStep);
        String id = startWorkflow("Write something", null).get("workflow_id").asText();
        JsonNode workflow = awaitWorkflow(id, "failed");
        assertThat(workflow.get("stop_reason").asText()).contains("cycle");
        List<RecordedRequest> plans =
                model.requests().stream().filter(WorkflowScript::isPlanRequest).toList();
        assertThat(plans).hasSize(2);
        assertThat(plans.get(1).lastQuestion()).contains("rejected: the answer is not JSON");
        long taskId = workflow.get("task_id").asLong();
        assertThat(http.get("/api/tasks/" + taskId).json().get("status").asText())
                .isEqualTo("failed");
    }

    @Test
    void aFailingStepMakesTheDriverPlanTheRestAgain() {
        script(
                List.of(
                        plan(step(1, "Generator", "Fetch the data"), step(2, "Generator", "Chart the data", 1)),
                        plan(step(3, "Driver", "Estimate the data instead"))),
                request -> firstLine(request).startsWith("Fetch the data")
                        ? FakeReply.badRequest("the data source is gone")
                        : answerEachStep(request));
        String id = startWorkflow("Chart the data", null).get("workflow_id").asText();
        JsonNode workflow = awaitWorkflow(id, "succeeded", "failed", "stopped");
        assertThat(workflow.get("status").asText()).isEqualTo("succeeded");
        assertThat(stepStatuses(workflow)).containsExactly("1:failed", "2:skipped", "3:succeeded");
        assertThat(workflow.at("/steps/0/error").asText()).contains("HTTP 400");
        List<RecordedRequest> plans =
                model.requests().stream().filter(WorkflowScript::isPlanRequest).toList();
        assertThat(plans.get(1).lastQuestion()).contains("Step 1 of the plan").contains("HTTP 400");
    }

    @Test
    void tooManyStepsStopTheWorkflowWithTheReason() {
        script(
                List.of(plan(step(1, "Generator", "A"), step(2, "Generator", "B"), step(3, "Generator", "C"))),
                WorkflowScript::answerEachStep);
        String id = startWorkflow("Do three things", "{\"max_steps\": 2}")
                .get("workflow_id")
                .asText();
        JsonNode workflow = awaitWorkflow(id, "stopped", "failed", "succeeded");
        assertThat(workflow.get("status").asText()).isEqualTo("stopped");
        assertThat(workflow.get("stop_reason").asText()).startsWith("max_steps");
    }

    @Test
    void theTokenBudgetStopsTheWorkflow() {
        script(List.of(plan(step(1, "Generator", "A"))), WorkflowScript::answerEachStep);
        String id =
                startWorkflow("Do it", "{\"max_tokens\": 5}").get("workflow_id").asText();
        JsonNode workflow = awaitWorkflow(id, "stopped", "failed", "succeeded");
        assertThat(workflow.get("status").asText()).isEqualTo("stopped");
        assertThat(workflow.get("stop_reason").asText()).startsWith("max_tokens");
    }

    @Test
    void theTimeLimitStopsTheWorkflowAndItsRunningStep() {
        script(
                List.of(plan(step(1, "Generator", "Take your time"))),
                request -> FakeReply.text("late").after(Duration.ofMillis(2_500)));
        String id = startWorkflow("Slow work", "{\"timeout_s\": 1}")
                .get("workflow_id")
                .asText();
        JsonNode workflow = awaitWorkflow(id, "stopped", "failed", "succeeded");
        assertThat(workflow.get("status").asText()).isEqualTo("stopped");
        assertThat(workflow.get("stop_reason").asText()).startsWith("timeout_s");
        assertThat(stepStatuses(workflow)).containsExactly("1:cancelled");
    }

    @Test
    void theSameInstructionTwiceForOneAgentIsStoppedAsALoop() {
        script(
                List.of(plan(step(1, "Generator", "Check it again"), step(2, "Generator", "Check it  again", 1))),
                WorkflowScript::answerEachStep);
        String id = startWorkflow("Check", null).get("workflow_id").asText();
        JsonNode workflow = awaitWorkflow(id, "stopped", "failed", "succeeded");
        assertThat(workflow.get("status").asText()).isEqualTo("stopped");
        assertThat(workflow.get("stop_reason").asText()).startsWith("loop");
    }

    @Test
    void aDepthOfOneAllowsNoRevisedPlan() {
        script(List.of(plan(step(1, "Generator", "Fail now"))), request -> FakeReply.badRequest("no"));
        String id =
                startWorkflow("Fail", "{\"max_depth\": 1}").get("workflow_id").asText();
        JsonNode workflow = awaitWorkflow(id, "stopped", "failed", "succeeded");
        assertThat(workflow.get("status").asText()).isEqualTo("stopped");
        assertThat(workflow.get("stop_reason").asText()).startsWith("max_depth");
    }

    @Test
    void stepsOfOneAgentRunSideBySideEachInAThreadOfItsOwnAwayFromThePersonsChats() {
        // Each answer takes 2 s: in one shared thread the second step could only be asked after the first answered.
        script(
                List.of(plan(step(1, "Generator", "Write part one"), step(2, "Generator", "Write part two"))),
                request -> answerEachStep(request).after(Duration.ofSeconds(2)));
        long chatsBefore = http.get("/api/agents/3/messages?limit=200")
                .json()
                .get("messages")
                .size();
        String id = startWorkflow("Write two parts", null).get("workflow_id").asText();
        awaitWorkflow(id, "succeeded");
        List<RecordedRequest> steps = model.requests().stream()
                .filter(request -> firstLine(request).startsWith("Write part "))
                .toList();
        assertThat(steps).hasSize(2);
        assertThat(Duration.between(steps.get(0).receivedAt(), steps.get(1).receivedAt())
                        .abs())
                .as("the second step was asked while the first was still being answered")
                .isLessThan(Duration.ofSeconds(2));

        List<String> titles = new ArrayList<>();
        http.get("/api/agents/3/conversations")
                .json()
                .get("conversations")
                .forEach(c -> titles.add(c.get("title").asText()));
        assertThat(titles).contains("Workflow step 1: Write part one", "Workflow step 2: Write part two");
        List<String> driverTitles = new ArrayList<>();
        http.get("/api/agents/1/conversations")
                .json()
                .get("conversations")
                .forEach(c -> driverTitles.add(c.get("title").asText()));
        assertThat(driverTitles).contains("Workflow: Write two parts");
        assertThat(http.get("/api/agents/3/messages?limit=200")
                        .json()
                        .get("messages")
                        .size())
                .as("the Generator's default thread, where the person chats, got nothing")
                .isEqualTo(chatsBefore);
    }

    @Test
    void cancellingStopsTheRunningStepsAtOnce() {
        script(
                List.of(plan(step(1, "Generator", "Never ends"), step(2, "Driver", "Never ends either"))),
                request -> FakeReply.hang());
        String id = startWorkflow("Hang", null).get("workflow_id").asText();
        await().atMost(WAIT)
                .until(
                        () -> stepStatuses(http.get("/api/workflows/" + id).json()),
                        s -> s.equals(List.of("1:running", "2:running")));
        var cancelled = http.postEmpty("/api/workflows/" + id + "/cancel");
        assertThat(cancelled.status()).isEqualTo(200);
        JsonNode workflow = awaitWorkflow(id, "cancelled");
        assertThat(stepStatuses(workflow)).containsExactly("1:cancelled", "2:cancelled");
        assertThat(http.postEmpty("/api/workflows/" + id + "/cancel").status()).isEqualTo(409);
        await().atMost(WAIT)
                .until(
                        () -> http.get("/api/agents/3/status")
                                .json()
                                .get("status")
                                .asText(),
                        "idle"::equals);
    }

    @Test
    void aSpecialistIsCreatedWhenAPersonApprovesAndSkippedWhenDenied() {
        model.defaultResponder(request -> FakeReply.text("unused"));
        for (String decision : List.of("approve", "deny")) {
            String role = decision.equals("approve") ? "Poet" : "Painter";
            script(List.of(plan(step(1, "new:" + role, "Make a " + role + " work"))), request -> {
                if (request.responseFormat() != null) {
                    return FakeReply.jsonOf(Map.of(
                            "name",
                            role + " " + decision,
                            "role",
                            "Makes art",
                            "system_prompt",
                            "You are a " + role + " who makes short works of art.",
                            "capabilities",
                            List.of("art"),
                            "tools",
                            List.of()));
                }
                return answerEachStep(request);
            });
            String id = startWorkflow("Make art " + decision, null)
                    .get("workflow_id")
                    .asText();
            awaitWorkflow(id, "waiting_approval");
            JsonNode approval = await().atMost(WAIT)
                    .until(
                            () -> http.get("/api/approvals?status=pending")
                                    .json()
                                    .get("approvals"),
                            list -> !list.isEmpty())
                    .get(0);
            assertThat(approval.get("kind").asText()).isEqualTo("create_agent");
            assertThat(approval.at("/arguments/name").asText()).isEqualTo(role + " " + decision);
            http.post(
                    "/api/approvals/" + approval.get("id").asLong(),
                    "{\"decision\": \"" + decision + "\", \"reason\": \"my call\"}");
            JsonNode workflow = awaitWorkflow(id, "succeeded", "failed", "stopped");
            assertThat(workflow.get("status").asText()).isEqualTo("succeeded");
            if (decision.equals("approve")) {
                assertThat(stepStatuses(workflow)).containsExactly("1:succeeded");
                assertThat(workflow.at("/steps/0/agent_name").asText()).isEqualTo("Poet approve");
            } else {
                assertThat(stepStatuses(workflow)).containsExactly("1:skipped");
                assertThat(workflow.at("/steps/0/error").asText())
                        .contains("denied")
                        .contains("my call");
                String review = model.requests().stream()
                        .filter(WorkflowScript::isReview)
                        .toList()
                        .getLast()
                        .lastQuestion();
                assertThat(review).contains("Skipped").contains("denied");
            }
        }
    }

    @Test
    void aDirectTaskIsOneDriverAnswerAndBadLimitsAreRefused() {
        model.defaultResponder(FakeOpenAiServer.ECHO);
        var direct = http.post("/api/agents/task", "{\"task\": \"hello\", \"mode\": \"direct\", \"wait\": true}");
        assertThat(direct.json().get("result").asText()).isEqualTo("Echo: hello");
        assertThat(direct.json().has("workflow_id")).isFalse();
        assertThat(http.post("/api/agents/task", "{\"task\": \"x\", \"mode\": \"fast\"}")
                        .status())
                .isEqualTo(400);
        assertThat(http.post("/api/agents/task", "{\"task\": \"x\", \"limits\": {\"max_steps\": 0}}")
                        .status())
                .isEqualTo(400);
        assertThat(http.post("/api/agents/task", "{\"task\": \"x\", \"limits\": {\"steps\": 3}}")
                        .status())
                .isEqualTo(400);
        assertThat(http.get("/api/workflows/nope").status()).isEqualTo(404);
        assertThat(http.get("/api/workflows?status=odd").status()).isEqualTo(400);
    }

    @Test
    void aWorkflowUnderWayAtShutdownIsInterruptedAndResumesFromItsLastFinishedStep(@TempDir Path dataDir) {
        try (FakeOpenAiServer own = FakeOpenAiServer.start()) {
            own.defaultResponder(request -> {
                if (isPlanRequest(request)) {
                    return plan(step(1, "Generator", "First part"), step(2, "Generator", "Second part", 1));
                }
                if (isReview(request)) {
                    return FakeReply.text(REVIEW);
                }
                return firstLine(request).startsWith("Second part") ? FakeReply.hang() : answerEachStep(request);
            });
            String id;
            try (TestApp first = TestApp.start(dataDir, TestApp.fakeModel(own.baseUrl()))) {
                first.http().postEmpty("/api/init");
                var started = first.http().post("/api/agents/task", "{\"task\": \"Two parts\"}");
                id = started.json().get("workflow_id").asText();
                await().atMost(WAIT)
                        .until(
                                () -> stepStatuses(
                                        first.http().get("/api/workflows/" + id).json()),
                                s -> s.equals(List.of("1:succeeded", "2:running")));
            }
            own.defaultResponder(request -> {
                if (isReview(request)) {
                    return FakeReply.text(REVIEW);
                }
                return answerEachStep(request);
            });
            int before = own.requestCount();
            try (TestApp second = TestApp.start(dataDir, TestApp.fakeModel(own.baseUrl()))) {
                HttpJson secondHttp = second.http();
                secondHttp.postEmpty("/api/init");
                // Nodes sharing a database server hand a run over when they stop: the next one goes on by itself.
                if (!TestDatabases.onPostgres()) {
                    JsonNode interrupted =
                            secondHttp.get("/api/workflows/" + id).json();
                    assertThat(interrupted.get("status").asText()).isEqualTo("interrupted");
                    assertThat(stepStatuses(interrupted)).containsExactly("1:succeeded", "2:pending");
                    assertThat(secondHttp
                                    .get("/api/workflows?status=interrupted")
                                    .json()
                                    .get("workflows"))
                            .hasSize(1);
                    var resumed = secondHttp.postEmpty("/api/workflows/" + id + "/resume");
                    assertThat(resumed.status()).isEqualTo(202);
                }
                await().atMost(WAIT)
                        .until(
                                () -> secondHttp
                                        .get("/api/workflows/" + id)
                                        .json()
                                        .get("status")
                                        .asText(),
                                "succeeded"::equals);
                JsonNode done = secondHttp.get("/api/workflows/" + id).json();
                assertThat(done.get("result").asText()).isEqualTo(REVIEW);
                assertThat(done.at("/steps/0/output").asText()).isEqualTo("OUT[First part]");
                List<String> asked = own.requests().subList(before, own.requestCount()).stream()
                        .map(WorkflowScript::firstLine)
                        .toList();
                assertThat(asked).noneMatch(line -> line.startsWith("First part"));
                assertThat(asked).anyMatch(line -> line.startsWith("Second part"));
                assertThat(secondHttp
                                .postEmpty("/api/workflows/" + id + "/resume")
                                .status())
                        .isEqualTo(409);
            }
        }
    }
}
