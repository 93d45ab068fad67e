package io.agentdeck.api;

import static io.agentdeck.testing.Waits.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.RecordedRequest;
import io.agentdeck.testing.WorkflowScript;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Workflows over the API for the workflow tests: the fake model scripted with {@link WorkflowScript} and the review
 * always {@link #REVIEW}; starting a workflow and following it.
 */
final class WorkflowHttp {
    static final String REVIEW = "FINAL RESULT";

    private WorkflowHttp() {}

    /** Plans come from {@code plans} in turn (the last one repeats), reviews give REVIEW, steps {@code steps}. */
    static void script(FakeOpenAiServer model, List<FakeReply> plans, Function<RecordedRequest, FakeReply> steps) {
        WorkflowScript.script(model, plans, FakeReply.text(REVIEW), steps);
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
