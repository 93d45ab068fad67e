package io.agentdeck.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@AppTest
class ConcurrencyTest {
    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private HttpJson http;

    @Test
    void fiftyParallelMessagesToOneAgentAreAllAnsweredOneAtATimeInArrivalOrder() throws Exception {
        int count = 50;
        List<Callable<HttpJson.Response>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"message\": \"m-" + i + "\"}";
            sends.add(() -> http.post("/api/agents/3/message", body));
        }
        List<HttpJson.Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<HttpJson.Response> future : pool.invokeAll(sends)) {
                responses.add(future.get());
            }
        }

        assertThat(responses)
                .allSatisfy(response -> assertThat(response.status()).isEqualTo(200));
        assertThat(model.maxConcurrentRequests())
                .as("one agent works on one message at a time")
                .isEqualTo(1);

        JsonNode history = http.get("/api/agents/3/messages?limit=200").json().get("messages");
        List<String> asked = new ArrayList<>();
        List<String> answered = new ArrayList<>();
        for (JsonNode message : history) {
            String content = message.get("content").asText();
            switch (message.get("role").asText()) {
                case "user" -> asked.add(content);
                case "agent" -> answered.add(content.replace("Echo: ", ""));
                default -> throw new AssertionError("unexpected message " + message);
            }
        }
        assertThat(asked).hasSize(count).doesNotHaveDuplicates();
        assertThat(answered)
                .as("replies come in the order the messages were stored")
                .containsExactlyElementsOf(asked);
    }

    @Test
    void messagesToDifferentAgentsOverlapInTime() throws Exception {
        model.defaultResponder(request -> FakeReply.text("slow answer").after(Duration.ofMillis(600)));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpJson.Response> driver =
                    pool.submit(() -> http.post("/api/agents/1/message", "{\"message\":\"a\"}"));
            Future<HttpJson.Response> generator =
                    pool.submit(() -> http.post("/api/agents/3/message", "{\"message\":\"b\"}"));
            assertThat(driver.get().status()).isEqualTo(200);
            assertThat(generator.get().status()).isEqualTo(200);
        }
        assertThat(model.maxConcurrentRequests())
                .as("two agents were answering at once")
                .isEqualTo(2);
    }

    @Test
    void aMessageToABusyAgentWaitsInItsQueue() throws Exception {
        model.enqueue(FakeReply.text("first").after(Duration.ofMillis(800)));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpJson.Response> first =
                    pool.submit(() -> http.post("/api/agents/3/message", "{\"message\":\"1\"}"));
            model.awaitRequests(1, Duration.ofSeconds(5));
            Future<HttpJson.Response> second =
                    pool.submit(() -> http.post("/api/agents/3/message", "{\"message\":\"2\"}"));
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> http.get("/api/agents/3/status")
                                    .json()
                                    .get("queue_length")
                                    .asInt()
                            == 1);
            JsonNode status = http.get("/api/agents/3/status").json();
            assertThat(status.get("status").asText()).isEqualTo("busy");
            assertThat(first.get().json().get("response").asText()).isEqualTo("first");
            assertThat(second.get().json().get("response").asText()).isEqualTo("Echo: 2");
        }
        assertThat(http.get("/api/agents/3/status").json().get("queue_length").asInt())
                .isZero();
    }
}
