package io.agentdeck.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fault of the model provider leaves the agent idle, the user's message stored, an error message in the
 * thread, and a clear error in the response. Retries (2 here) absorb transient faults.
 */
@AppTest(shared = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelFaultTest {
    private static final int ATTEMPTS = 3; // first try + 2 retries

    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private HttpJson http;

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("server error", repeat(FakeReply.serverError()), 502, "model_provider_error", "HTTP 500"),
                Arguments.of(
                        "rate limited",
                        repeat(FakeReply.rateLimited(Duration.ofMillis(10))),
                        502,
                        "model_provider_error",
                        "rate limiting"),
                Arguments.of(
                        "bad key", new FakeReply[] {FakeReply.unauthorized()}, 502, "model_provider_error", "API key"),
                Arguments.of(
                        "malformed body", repeat(FakeReply.malformed()), 502, "model_provider_error", "could not read"),
                Arguments.of("no answer", new FakeReply[] {FakeReply.hang()}, 504, "model_timeout", "did not answer"),
                Arguments.of(
                        "connection dropped",
                        repeat(FakeReply.streamCut()),
                        502,
                        "model_provider_error",
                        "model provider"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aFaultGivesAClearErrorLeavesTheAgentIdleAndLosesNothing(
            String name, FakeReply[] script, int status, String code, String text) {
        model.enqueue(script);
        String message = "question during " + name;

        var response = http.post("/api/agents/3/message", "{\"message\": \"" + message + "\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode error = response.json();
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("error").asText()).containsIgnoringCase(text);
        assertThat(error.get("hint").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");

        assertThat(http.get("/api/agents/3/status").json().get("status").asText())
                .isEqualTo("idle");
        JsonNode messages = http.get("/api/agents/3/messages?limit=2").json().get("messages");
        assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(0).get("content").asText()).isEqualTo(message);
        assertThat(messages.get(1).get("role").asText()).isEqualTo("error");
        assertThat(messages.get(1).get("content").asText())
                .isEqualTo(error.get("error").asText());
    }

    @Test
    void transientFaultsAreRetriedWithBackoffAndThenAnswered() {
        model.enqueue(FakeReply.serverError(), FakeReply.rateLimited(Duration.ofMillis(10)), FakeReply.text("fine"));

        var response = http.post("/api/agents/3/message", "{\"message\": \"try again\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("response").asText()).isEqualTo("fine");
        assertThat(model.requestCount()).isEqualTo(3);
    }

    @Test
    void aFailedTurnIsNotRememberedSoTheNextTurnIsClean() {
        model.enqueue(repeat(FakeReply.serverError()));
        http.post("/api/agents/3/message", "{\"message\": \"lost turn\"}");
        model.reset();

        http.post("/api/agents/3/message", "{\"message\": \"next turn\"}");

        assertThat(model.lastRequest().messages())
                .extracting(m -> m.content())
                .doesNotContain("lost turn")
                .contains("next turn");
    }

    @Test
    void aStreamCutAfterTheFirstTokensEndsTheEventStreamWithAnErrorEvent() {
        // Paced, so the first tokens reach the agent before the socket drops.
        model.enqueue(FakeReply.streamCut("one two three four five", 2).tokenDelay(Duration.ofMillis(100)));

        var response = http.post("/api/agents/3/message", "{\"message\": \"stream please\", \"stream\": true}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/event-stream");
        assertThat(response.body()).contains("event: token").contains("event: error");
        assertThat(response.body()).doesNotContain("event: done");
        assertThat(http.get("/api/agents/3/status").json().get("status").asText())
                .isEqualTo("idle");
        assertThat(model.requestCount()).as("no retry once tokens were shown").isEqualTo(1);
    }

    @Test
    void aStreamCutBeforeAnyTokenIsRetried() {
        model.enqueue(FakeReply.streamCut("never shown", 0), FakeReply.text("second try"));

        var response = http.post("/api/agents/3/message", "{\"message\": \"stream again\", \"stream\": true}");

        assertThat(response.body())
                .contains("event: done")
                .contains("second try")
                .doesNotContain("never shown");
        assertThat(model.requestCount()).isEqualTo(2);
    }

    private static FakeReply[] repeat(FakeReply reply) {
        FakeReply[] replies = new FakeReply[ATTEMPTS];
        java.util.Arrays.fill(replies, reply);
        return replies;
    }
}
