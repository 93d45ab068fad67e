package io.agentdeck.api.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.RecordedRequest;
import io.agentdeck.testing.TestApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI-compatible endpoint over real HTTP, with the fake provider behind the agents. */
@AppTest(shared = true, initialized = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FromApp
    private TestApp app;

    @FromApp
    private HttpJson http;

    @BeforeAll
    void start() {
        assertThat(http.postEmpty("/api/init").status()).isEqualTo(200);
    }

    @BeforeEach
    void resetModel() {
        app.model().reset();
    }

    @Test
    void modelsAreTheAgents() {
        var response = http.get("/v1/models");
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("object").asText()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        body.get("data").forEach(entry -> {
            ids.add(entry.get("id").asText());
            assertThat(entry.get("object").asText()).isEqualTo("model");
            assertThat(entry.get("owned_by").asText()).isEqualTo("agentdeck");
            assertThat(entry.get("created").asLong()).isPositive();
        });
        assertThat(ids).contains("driver", "creator", "generator");
    }

    @Test
    void aCompletionAnswersAsTheAgentOverTheClientsTurns() {
        var response = http.post("/v1/chat/completions", """
                {"model": "driver", "temperature": 0.2, "max_tokens": 50, "user": "someone",
                 "messages": [
                   {"role": "system", "content": "Answer in one sentence."},
                   {"role": "user", "content": "Hi"},
                   {"role": "assistant", "content": "Hello!"},
                   {"role": "user", "content": [{"type": "text", "text": "What is"}, {"type": "text", "text": "AgentDeck?"}]}
                 ]}""");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("id").asText()).startsWith("chatcmpl-");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("model").asText()).isEqualTo("driver");
        assertThat(body.get("created").asLong()).isPositive();
        JsonNode choice = body.at("/choices/0");
        assertThat(choice.at("/message/role").asText()).isEqualTo("assistant");
        assertThat(choice.at("/message/content").asText()).isEqualTo("Echo: What is\nAgentDeck?");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/total_tokens").asInt())
                .isEqualTo(body.at("/usage/prompt_tokens").asInt()
                        + body.at("/usage/completion_tokens").asInt())
                .isPositive();

        List<RecordedRequest.Message> sent = app.model().lastRequest().messages();
        assertThat(sent)
                .extracting(RecordedRequest.Message::role)
                .containsExactly("system", "user", "assistant", "user");
        assertThat(sent.getFirst().content()).startsWith("You are the Driver").endsWith("Answer in one sentence.");
        assertThat(sent.subList(1, 3))
                .extracting(RecordedRequest.Message::content)
                .containsExactly("Hi", "Hello!");
        // The Driver's knowledge (AgentDeck's guide) comes with the client's question.
        assertThat(sent.get(3).content()).contains("[1] (").endsWith("Question: What is\nAgentDeck?");
    }

    @Test
    void aReplyCutOffByTheTokenLimitFinishesWithLength() {
        app.model().enqueue(FakeReply.truncated("This answer was cut"));

        var response = complete("driver", "Tell me everything.");

        assertThat(response.json().at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(response.json().at("/choices/0/message/content").asText()).isEqualTo("This answer was cut");
    }

    @Test
    void beforeInitAndWithoutAModelTheEndpointAnswers503(@TempDir Path otherDir) {
        try (TestApp bare = TestApp.start(otherDir, ModelSettings.none())) {
            var models = bare.http().get("/v1/models");
            assertThat(models.status()).isEqualTo(503);
            assertThat(models.json().at("/error/code").asText()).isEqualTo("not_initialized");
            assertThat(models.json().at("/error/message").asText()).contains("Call POST /api/init first");

            bare.http().postEmpty("/api/init");
            var completion = bare.http()
                    .post(
                            "/v1/chat/completions",
                            "{\"model\": \"driver\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
            assertThat(completion.status()).isEqualTo(503);
            assertThat(completion.json().at("/error/code").asText()).isEqualTo("no_model_configured");
            assertThat(completion.json().at("/error/type").asText()).isEqualTo("server_error");
        }
    }

    @Test
    void aCompletionLeavesNoHistory() {
        String before = http.get("/api/agents/2/messages").body();
        long repliesBefore =
                http.get("/api/agents/2").json().at("/stats/messages").asLong();

        assertThat(complete("creator", "Remember this, please.").status()).isEqualTo(200);

        assertThat(http.get("/api/agents/2/messages").body()).isEqualTo(before);
        assertThat(http.get("/api/agents/2").json().at("/stats/messages").asLong())
                .isEqualTo(repliesBefore);
        // No memory either: the next message to the agent's thread carries only the system prompt and itself.
        http.post("/api/agents/2/message", "{\"message\": \"And now?\"}");
        assertThat(app.model().lastRequest().messages())
                .extracting(RecordedRequest.Message::content)
                .doesNotContain("Remember this, please.");
    }

    @Test
    void aStreamedCompletionSendsOpenAiChunksThenDone() throws Exception {
        app.model().enqueue(FakeReply.text("Streaming works one word at a time"));

        var response = streamed("generator", "stream it", false);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/event-stream");
        List<String> data = dataLines(response.body());
        assertThat(data).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = chunks(data);
        String id = chunks.getFirst().get("id").asText();
        assertThat(id).startsWith("chatcmpl-");
        for (JsonNode chunk : chunks) {
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("id").asText()).isEqualTo(id);
            assertThat(chunk.get("model").asText()).isEqualTo("generator");
            assertThat(chunk.has("usage")).isFalse();
        }
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> text.append(chunk.at("/choices/0/delta/content").asText("")));
        assertThat(text.toString()).isEqualTo("Streaming works one word at a time");
        assertThat(chunks.stream()
                        .filter(c -> c.at("/choices/0/delta/content").asText("").length() > 0))
                .hasSizeGreaterThan(3);
        JsonNode last = chunks.getLast();
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(
                        chunk -> assertThat(chunk.at("/choices/0/finish_reason").isNull())
                                .isTrue());
        assertThat(app.model().lastRequest().stream()).isTrue();
    }

    @Test
    void includeUsageAddsAUsageChunkBeforeDone() throws Exception {
        var response = streamed("generator", "count me", true);

        List<String> data = dataLines(response.body());
        assertThat(data).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = chunks(data);
        JsonNode usage = chunks.getLast();
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/total_tokens").asInt()).isPositive();
        assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText())
                .isEqualTo("stop");
    }

    @Test
    void errorsUseOpenAisShapeAndTheApisStatuses() {
        var unknown = complete("nobody", "hello");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/code").asText()).isEqualTo("model_not_found");
        assertThat(unknown.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(unknown.json().at("/error/message").asText()).contains("nobody");

        var empty = http.post("/v1/chat/completions", "{\"model\": \"driver\", \"messages\": []}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(empty.json().at("/error/message").asText()).contains("'messages'");

        var badRole = http.post(
                "/v1/chat/completions",
                "{\"model\": \"driver\", \"messages\": [{\"role\": \"wizard\", \"content\": \"hi\"}]}");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().at("/error/message").asText()).contains("messages[0].role");

        var tooLong = complete("driver", "x".repeat(32_001));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().at("/error/message").asText()).contains("32000");

        var noModel = http.post("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        assertThat(noModel.status()).isEqualTo(400);
        assertThat(noModel.json().at("/error/message").asText()).contains("'model'");

        var noQuestion = http.post(
                "/v1/chat/completions",
                "{\"model\": \"driver\", \"messages\": [{\"role\": \"system\", \"content\": \"Be nice.\"}]}");
        assertThat(noQuestion.status()).isEqualTo(400);

        var notJson = http.post("/v1/chat/completions", "{\"model\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().at("/error/type").asText()).isEqualTo("invalid_request_error");

        var noRoute = http.get("/v1/embeddings");
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.json().at("/error/type").asText()).isEqualTo("invalid_request_error");

        assertThat(http.withoutToken().get("/v1/models").status()).isEqualTo(401);
        assertThat(http.withoutToken()
                        .post("/v1/chat/completions", "{\"model\": \"driver\", \"messages\": []}")
                        .status())
                .isEqualTo(401);
        assertThat(app.model().requestCount()).isZero();
    }

    @Test
    void aProviderFailureIs502AndTheAgentEndsIdle() {
        app.model().enqueue(FakeReply.unauthorized());
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        EventBus.Subscription subscription = app.engine().events().subscribe(events::add);
        try {
            var response = complete("creator", "this will fail");

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.json().at("/error/code").asText()).isEqualTo("model_provider_error");
            assertThat(response.json().at("/error/type").asText()).isEqualTo("server_error");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> statusesOf(events, 2).equals(List.of(AgentStatus.BUSY, AgentStatus.IDLE)));
            assertThat(events)
                    .anySatisfy(event -> assertThat(event)
                            .isInstanceOfSatisfying(
                                    EngineEvent.AgentFailed.class,
                                    failed -> assertThat(failed.agentId()).isEqualTo(2)));
        } finally {
            subscription.close();
        }
        assertThat(http.get("/api/agents/2/status").json().get("status").asText())
                .isEqualTo("idle");
    }

    @Test
    void aStreamThatBreaksOffEndsWithAnErrorEventAndNoDone() throws Exception {
        app.model().enqueue(FakeReply.streamCut("This reply is cut off before it can finish", 2));

        var response = streamed("driver", "break please", false);

        assertThat(response.status()).isEqualTo(200);
        List<String> data = dataLines(response.body());
        assertThat(data).doesNotContain("[DONE]");
        JsonNode last = JSON.readTree(data.getLast());
        assertThat(last.at("/error/code").asText()).isEqualTo("model_provider_error");
        assertThat(JSON.readTree(data.getFirst()).at("/choices/0/delta/role").asText())
                .isEqualTo("assistant");
    }

    @Test
    void aCompletionShowsTheAgentBusyThenIdleAndStoresNoResponse() {
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        EventBus.Subscription subscription = app.engine().events().subscribe(events::add);
        try {
            assertThat(complete("generator", "status please").status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> statusesOf(events, 3).equals(List.of(AgentStatus.BUSY, AgentStatus.IDLE)));
            assertThat(events)
                    .noneMatch(event -> event instanceof EngineEvent.ResponseCompleted
                            || event instanceof EngineEvent.TokenStreamed);
        } finally {
            subscription.close();
        }
    }

    @Test
    void aCompletionQueuesBehindAMessageWhenTheAgentRunsOneReplyAtATime() throws Exception {
        assertThat(http.patch("/api/agents/3", "{\"max_parallel\": 1}")
                        .json()
                        .get("max_parallel")
                        .asInt())
                .isEqualTo(1);
        app.model().enqueue(FakeReply.text("first").after(Duration.ofMillis(700)));
        CompletableFuture<HttpResponse<String>> message = http.client()
                .sendAsync(
                        authorized("/api/agents/3/message", "{\"message\": \"first\"}"),
                        HttpResponse.BodyHandlers.ofString());
        app.model().awaitRequests(1, Duration.ofSeconds(5));

        CompletableFuture<HttpResponse<String>> completion = http.client()
                .sendAsync(
                        authorized(
                                "/v1/chat/completions",
                                "{\"model\": \"generator\", \"messages\": [{\"role\": \"user\", \"content\": \"second\"}]}"),
                        HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> http.get("/api/agents/3/status")
                                .json()
                                .get("queue_length")
                                .asInt()
                        == 1);
        assertThat(app.model().requestCount())
                .as("the completion waits its turn")
                .isEqualTo(1);

        assertThat(message.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        HttpResponse<String> answered = completion.get(10, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answered.body())
                        .at("/choices/0/message/content")
                        .asText())
                .isEqualTo("Echo: second");
        assertThat(app.model().maxConcurrentRequests()).isEqualTo(1);
        assertThat(http.patch("/api/agents/3", "{\"max_parallel\": null}")
                        .json()
                        .get("max_parallel")
                        .asInt())
                .as("null returns the agent to the default")
                .isEqualTo(4);
    }

    @Test
    void aCompletionRunsBesideAMessageWhileTheAgentHasAFreeSlot() throws Exception {
        app.model().enqueue(FakeReply.text("first").after(Duration.ofMillis(1500)));
        CompletableFuture<HttpResponse<String>> message = http.client()
                .sendAsync(
                        authorized("/api/agents/3/message", "{\"message\": \"first\"}"),
                        HttpResponse.BodyHandlers.ofString());
        app.model().awaitRequests(1, Duration.ofSeconds(5));

        HttpResponse<String> answered = http.client()
                .send(
                        authorized(
                                "/v1/chat/completions",
                                "{\"model\": \"generator\", \"messages\": [{\"role\": \"user\", \"content\": \"second\"}]}"),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(message).as("the slow message is still being answered").isNotDone();
        assertThat(message.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(app.model().maxConcurrentRequests()).isEqualTo(2);
    }

    @Test
    void langchain4jsOpenAiChatModelTalksToAnAgent() {
        OpenAiChatModel client = OpenAiChatModel.builder()
                .baseUrl(app.baseUrl() + "/v1")
                .apiKey(app.token())
                .modelName("generator")
                .temperature(0.3)
                .timeout(Duration.ofSeconds(20))
                .maxRetries(0)
                .build();

        ChatResponse response = client.chat(SystemMessage.from("Be brief."), UserMessage.from("Who are you?"));

        assertThat(response.aiMessage().text()).isEqualTo("Echo: Who are you?");
        assertThat(response.tokenUsage().totalTokenCount()).isPositive();
        assertThat(response.metadata().modelName()).isEqualTo("generator");
        assertThat(app.model().lastRequest().messages().getFirst().content()).endsWith("Be brief.");
    }

    @Test
    void langchain4jsOpenAiStreamingChatModelStreamsFromAnAgent() throws Exception {
        app.model().enqueue(FakeReply.text("Tokens arrive one by one"));
        OpenAiStreamingChatModel client = OpenAiStreamingChatModel.builder()
                .baseUrl(app.baseUrl() + "/v1")
                .apiKey(app.token())
                .modelName("driver")
                .timeout(Duration.ofSeconds(20))
                .build();
        List<String> tokens = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        client.chat("Stream to me", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
                tokens.add(partialResponse);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });

        ChatResponse response = done.get(20, TimeUnit.SECONDS);
        assertThat(response.aiMessage().text()).isEqualTo("Tokens arrive one by one");
        assertThat(String.join("", tokens)).isEqualTo("Tokens arrive one by one");
        assertThat(tokens).hasSizeGreaterThan(1);
    }

    private HttpJson.Response complete(String agent, String question) {
        try {
            String body = JSON.writeValueAsString(java.util.Map.of(
                    "model", agent, "messages", List.of(java.util.Map.of("role", "user", "content", question))));
            return http.post("/v1/chat/completions", body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpJson.Response streamed(String agent, String question, boolean includeUsage) throws Exception {
        String body = JSON.writeValueAsString(java.util.Map.of(
                "model",
                agent,
                "stream",
                true,
                "stream_options",
                java.util.Map.of("include_usage", includeUsage),
                "messages",
                List.of(java.util.Map.of("role", "user", "content", question))));
        return http.post("/v1/chat/completions", body);
    }

    private HttpRequest authorized(String path, String body) {
        return HttpRequest.newBuilder(http.uri(path))
                .header("Authorization", "Bearer " + app.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static List<String> dataLines(String body) {
        return body.lines()
                .filter(line -> line.startsWith("data: "))
                .map(line -> line.substring(6))
                .toList();
    }

    private static List<JsonNode> chunks(List<String> data) throws Exception {
        List<JsonNode> chunks = new ArrayList<>();
        for (String line : data) {
            if (!line.equals("[DONE]")) {
                chunks.add(JSON.readTree(line));
            }
        }
        return chunks;
    }

    private static List<AgentStatus> statusesOf(List<EngineEvent> events, long agentId) {
        return events.stream()
                .filter(event ->
                        event instanceof EngineEvent.AgentStatusChanged changed && changed.agentId() == agentId)
                .map(event -> ((EngineEvent.AgentStatusChanged) event).status())
                .toList();
    }
}
