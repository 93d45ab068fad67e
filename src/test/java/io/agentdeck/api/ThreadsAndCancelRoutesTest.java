package io.agentdeck.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Conversations (threads), agent cancel and task cancel over real HTTP. */
@AppTest
class ThreadsAndCancelRoutesTest {
    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private HttpJson http;

    @Test
    void threadsCanBeCreatedUsedRenamedAndDeleted() {
        var created = http.post("/api/agents/3/conversations", "{\"title\": \"Release notes\"}");
        assertThat(created.status()).isEqualTo(201);
        long threadId = created.json().get("id").asLong();
        assertThat(created.json().get("is_default").asBoolean()).isFalse();

        var reply = http.post(
                "/api/agents/3/message", "{\"message\": \"draft v1\", \"conversation_id\": " + threadId + "}");
        assertThat(reply.json().get("conversation_id").asLong()).isEqualTo(threadId);
        JsonNode inThread = http.get("/api/agents/3/messages?conversation_id=" + threadId)
                .json()
                .get("messages");
        assertThat(inThread).hasSize(2);
        assertThat(http.get("/api/agents/3/messages").json().get("messages"))
                .as("default thread untouched")
                .isEmpty();

        var renamed = http.patch("/api/conversations/" + threadId, "{\"title\": \"Release notes 2.0\"}");
        assertThat(renamed.json().get("title").asText()).isEqualTo("Release notes 2.0");
        JsonNode threads = http.get("/api/agents/3/conversations").json().get("conversations");
        assertThat(threads).extracting(t -> t.get("title").asText()).contains("Release notes 2.0");
        assertThat(threads.get(0).get("is_default").asBoolean()).isTrue();

        assertThat(http.delete("/api/conversations/" + threadId).status()).isEqualTo(204);
        assertThat(http.get("/api/agents/3/messages?conversation_id=" + threadId)
                        .status())
                .isEqualTo(404);
        long defaultId = threads.get(0).get("id").asLong();
        assertThat(http.delete("/api/conversations/" + defaultId).status()).isEqualTo(409);
        assertThat(http.patch("/api/conversations/" + threadId, "{\"title\": \"x\"}")
                        .status())
                .isEqualTo(404);
        assertThat(http.patch("/api/conversations/" + defaultId, "{\"title\": \"\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void cancellingAnAgentStopsItsGenerationAndQueue() throws Exception {
        model.enqueue(FakeReply.hang());
        CompletableFuture<HttpJson.Response> running =
                CompletableFuture.supplyAsync(() -> http.post("/api/agents/3/message", "{\"message\": \"long\"}"));
        model.awaitRequests(1, Duration.ofSeconds(5));
        CompletableFuture<HttpJson.Response> queued =
                CompletableFuture.supplyAsync(() -> http.post("/api/agents/3/message", "{\"message\": \"next\"}"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> http.get("/api/agents/3/status")
                                .json()
                                .get("queue_length")
                                .asInt()
                        == 1);

        var cancel = http.postEmpty("/api/agents/3/cancel");

        assertThat(cancel.json().get("cancelled").asInt()).isEqualTo(2);
        assertThat(running.get().status()).isEqualTo(409);
        assertThat(running.get().json().get("code").asText()).isEqualTo("cancelled");
        assertThat(queued.get().status()).isEqualTo(409);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> http.get("/api/agents/3/status")
                        .json()
                        .get("status")
                        .asText()
                        .equals("idle"));
    }

    @Test
    void aQueuedTaskCanBeCancelledBeforeItRuns() {
        model.enqueue(FakeReply.hang());
        long first = http.post("/api/agents/task", "{\"task\": \"occupies the driver\", \"mode\": \"direct\"}")
                .json()
                .get("task_id")
                .asLong();
        model.awaitRequests(1, Duration.ofSeconds(5));
        long second = http.post("/api/agents/task", "{\"task\": \"waits\", \"mode\": \"direct\"}")
                .json()
                .get("task_id")
                .asLong();

        var cancelled = http.postEmpty("/api/tasks/" + second + "/cancel");
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(http.postEmpty("/api/tasks/" + first + "/cancel")
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("cancelled");
        assertThat(http.get("/api/tasks?status=cancelled").json().get("tasks")).hasSize(2);
        assertThat(model.requestCount())
                .as("the cancelled queued task never reached the model")
                .isEqualTo(1);
    }
}
