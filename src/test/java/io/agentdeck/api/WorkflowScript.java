package io.agentdeck.api;

import static io.agentdeck.testing.Waits.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Workflows on the fake model, for the workflow tests: it plays the Driver's plans (by their JSON schema), each step's
 * answer (by its instruction, the first line of the step's message) and the Driver's review, so replies do not depend
 * on which parallel step asks first; and following a workflow over the API.
 */
final class WorkflowScript {
    static final String REVIEW = "FINAL RESULT";

    private WorkflowScript() {}

    static Map<String, Object> step(int number, String agent, String instruction, Integer... dependsOn) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step", number);
        step.put("agent", agent);
        step.put("instruction", instruction);
        step.put("depends_on", List.of(dependsOn));
        return step;
    }

    @SafeVarargs
    @SuppressWarnings("varargs") // the steps are only read, into an immutable list
    static FakeReply plan(Map<String, Object>... steps) {
        return FakeReply.jsonOf(Map.of("steps", List.of(steps)));
    }

    static boolean isPlanRequest(RecordedRequest request) {
        return request.responseFormat() != null
                && request.responseFormat()
                        .path("json_schema")
                        .path("name")
                        .asText()
                        .equals("workflow_plan");
    }

    static boolean isReview(RecordedRequest request) {
        return request.lastUserMessage().startsWith("Review the outputs");
    }

    static String firstLine(RecordedRequest request) {
        return request.lastUserMessage().lines().findFirst().orElse("");
    }

    static FakeReply answerEachStep(RecordedRequest request) {
        return FakeReply.text("OUT[" + firstLine(request) + "]");
    }

    /** Plans come from {@code plans} in turn (the last one repeats), reviews give REVIEW, steps {@code steps}. */
    static void script(FakeOpenAiServer model, List<FakeReply> plans, Function<RecordedRequest, FakeReply> steps) {
        var planIndex = new AtomicInteger();
        model.defaultResponder(request -> {
            if (isPlanRequest(request)) {
                return plans.get(Math.min(planIndex.getAndIncrement(), plans.size() - 1));
            }
            if (isReview(request)) {
                return FakeReply.text(REVIEW);
            }
            return steps.apply(request);
        });
    }

    static JsonNode startWorkflow(HttpJson http, String task, String limits) {
        var response = http.post(
                "/api/agents/task",
                "{\"task\": \"" + task + "\"" + (limits == null ? "" : ", \"limits\": " + limits) + "}");
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("workflow_id").asText()).isNotBlank();
        return response.json();
    }

    static JsonNode awaitWorkflow(HttpJson http, String id, String... statuses) {
        await().atMost(WAIT)
                .until(
                        () -> http.get("/api/workflows/" + id)
                                .json()
                                .get("status")
                                .asText(),
                        s -> List.of(statuses).contains(s));
        return http.get("/api/workflows/" + id).json();
    }

    static List<String> stepStatuses(JsonNode workflow) {
        List<String> statuses = new ArrayList<>();
        workflow.get("steps")
                .forEach(s -> statuses.add(
                        s.get("step").asInt() + ":" + s.get("status").asText()));
        return statuses;
    }
}
