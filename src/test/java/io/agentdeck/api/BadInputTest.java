package io.agentdeck.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed or out-of-range requests get the documented 4xx JSON, never a 500, and nothing is stored. */
@AppTest(shared = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private HttpJson http;

    static Stream<Arguments> badMessages() {
        return Stream.of(
                Arguments.of("{\"message\": ", 400, "invalid_input", "not valid JSON"),
                Arguments.of("[1, 2]", 400, "invalid_input", "JSON object"),
                Arguments.of("{}", 400, "invalid_input", "'message' is required"),
                Arguments.of("{\"message\": null}", 400, "invalid_input", "'message' is required"),
                Arguments.of("{\"message\": \"\"}", 400, "invalid_input", "must not be empty"),
                Arguments.of("{\"message\": \"   \"}", 400, "invalid_input", "must not be empty"),
                Arguments.of("{\"message\": 42}", 400, "invalid_input", "must be a string"),
                Arguments.of(
                        "{\"message\": \"hi\", \"conversation_id\": \"abc\"}",
                        400,
                        "invalid_input",
                        "positive whole number"),
                Arguments.of("{\"message\": \"hi\", \"conversation_id\": 999999}", 404, "not_found", "no conversation"),
                Arguments.of("{\"message\": \"hi\", \"stream\": \"yes\"}", 400, "invalid_input", "true or false"),
                Arguments.of("{\"message\": \"" + "x".repeat(32_001) + "\"}", 400, "invalid_input", "limit is 32000"));
    }

    @ParameterizedTest
    @MethodSource("badMessages")
    void badMessageBodiesAreRefusedWithTheDocumentedError(String body, int status, String code, String text) {
        int requestsBefore = model.requestCount();
        int historyBefore = historySize();

        var response = http.post("/api/agents/1/message", body);

        assertThat(response.status()).isEqualTo(status);
        assertError(response.json(), code, text);
        assertThat(model.requestCount()).isEqualTo(requestsBefore);
        assertThat(historySize()).isEqualTo(historyBefore);
    }

    @Test
    void nonNumericAndUnknownIdsAre400And404() {
        assertError(expect(http.get("/api/agents/abc"), 400), "invalid_input", "must be a number");
        assertError(expect(http.get("/api/agents/0/status"), 400), "invalid_input", "positive");
        assertError(expect(http.get("/api/agents/99999999999999999999999"), 400), "invalid_input", "number");
        assertError(expect(http.get("/api/agents/4242"), 404), "not_found", "No agent with id 4242");
        assertError(expect(http.post("/api/agents/4242/message", "{\"message\":\"hi\"}"), 404), "not_found", "4242");
        assertError(expect(http.get("/api/tasks/777"), 404), "not_found", "No task with id 777");
        assertError(expect(http.get("/api/tasks/x1"), 400), "invalid_input", "number");
        assertError(expect(http.get("/api/agents/1/messages?limit=0"), 400), "invalid_input", "limit");
        assertError(expect(http.get("/api/agents/1/messages?limit=201"), 400), "invalid_input", "limit");
        assertError(expect(http.get("/api/agents/1/messages?before=zz"), 400), "invalid_input", "before");
        assertError(expect(http.get("/api/tasks?status=done"), 400), "invalid_input", "status");
    }

    @Test
    void unknownRoutesAndWrongMethodsAnswerJson() {
        assertError(expect(http.get("/api/nothing-here"), 404), "not_found", "No route");
        var wrongMethod = http.delete("/api/status");
        assertThat(wrongMethod.status()).isBetween(404, 405);
        assertThat(wrongMethod.json().get("code").asText()).isNotBlank();
    }

    @Test
    void nonJsonBodiesAre415AndOversizedBodiesAre413() {
        assertError(
                expect(http.post("/api/agents/1/message", "message=hi", "text/plain"), 415),
                "unsupported_media_type",
                "must be JSON");
        assertError(
                expect(http.post("/api/agents/1/message", "message=hi", "application/x-www-form-urlencoded"), 415),
                "unsupported_media_type",
                "JSON");
        String huge = "{\"message\": \"" + "y".repeat(1_100_000) + "\"}";
        assertError(expect(http.post("/api/agents/1/message", huge), 413), "payload_too_large", "1 MiB");
    }

    @Test
    void badTaskAndCreateRequestsAre400() {
        assertError(expect(http.post("/api/agents/task", "{}"), 400), "invalid_input", "'task' is required");
        assertError(expect(http.post("/api/agents/task", "{\"task\": \" \"}"), 400), "invalid_input", "empty");
        assertError(
                expect(http.post("/api/agents/task", "{\"task\": \"x\", \"wait\": 1}"), 400),
                "invalid_input",
                "true or false");
        assertError(expect(http.post("/api/agents/create", "{}"), 400), "invalid_input", "'role' is required");
        assertError(
                expect(http.post("/api/agents/create", "{\"role\": \"Dev\", \"capabilities\": \"coding\"}"), 400),
                "invalid_input",
                "list of strings");
        assertError(
                expect(http.post("/api/agents/create", "{\"role\": \"Dev\", \"capabilities\": [1]}"), 400),
                "invalid_input",
                "list of strings");
    }

    @Test
    void coreAgentsCannotBeDeletedAndFinishedTasksCannotBeCancelled() {
        assertError(expect(http.delete("/api/agents/1"), 409), "conflict", "core agent");
        var task = http.post("/api/agents/task", "{\"task\": \"quick\", \"wait\": true, \"mode\": \"direct\"}");
        assertThat(task.status()).isEqualTo(200);
        long taskId = task.json().get("task_id").asLong();
        assertError(expect(http.postEmpty("/api/tasks/" + taskId + "/cancel"), 409), "conflict", "already succeeded");
    }

    private int historySize() {
        return http.get("/api/agents/1/messages?limit=200")
                .json()
                .get("messages")
                .size();
    }

    private static JsonNode expect(HttpJson.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        return response.json();
    }

    private static void assertError(JsonNode error, String code, String text) {
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("error").asText()).containsIgnoringCase(text);
        assertThat(error.get("hint").asText()).isNotBlank();
    }
}
