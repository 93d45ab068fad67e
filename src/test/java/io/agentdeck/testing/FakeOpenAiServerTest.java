package io.agentdeck.testing;

import static io.agentdeck.testing.Waits.WAIT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeOpenAiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ToolSpecification WEATHER_TOOL = ToolSpecification.builder()
            .name("get_weather")
            .description("Current weather in a city")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("city")
                    .required("city")
                    .build())
            .build();

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FakeOpenAiServer fake;

    @BeforeEach
    void startServer() {
        fake = FakeOpenAiServer.start();
    }

    @AfterEach
    void stopServer() {
        fake.close();
        assertThat(fake.handlerFailures()).isEmpty();
    }

    @Test
    void echoesTheLastUserMessageByDefault() {
        ChatResponse response = chatModel().chat(ask("hello there"));

        assertThat(response.aiMessage().text()).isEqualTo("Echo: hello there");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(2);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(3);
        assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(5);
    }

    @Test
    void scriptedRepliesAreConsumedInOrderThenTheDefaultAnswers() {
        fake.enqueue(FakeReply.text("first"), FakeReply.text("second"));
        ChatModel model = chatModel();

        assertThat(model.chat(ask("a")).aiMessage().text()).isEqualTo("first");
        assertThat(model.chat(ask("b")).aiMessage().text()).isEqualTo("second");
        assertThat(model.chat(ask("c")).aiMessage().text()).isEqualTo("Echo: c");
        assertThat(fake.pendingReplies()).isZero();
    }

    @Test
    void aSettableDefaultResponderAnswersWhenTheScriptIsEmpty() {
        fake.defaultResponder(
                request -> FakeReply.text("seen " + request.messages().size() + " messages"));

        ChatResponse response = chatModel()
                .chat(ChatRequest.builder()
                        .messages(SystemMessage.from("Be brief."), UserMessage.from("hi"))
                        .build());

        assertThat(response.aiMessage().text()).isEqualTo("seen 2 messages");
    }

    @Test
    void streamsTextAsSeveralPartialResponsesThenTheCompleteOne() throws Exception {
        fake.enqueue(FakeReply.text("one two three four"));
        StreamCollector stream = new StreamCollector();

        streamingModel().chat(ask("count"), stream);
        ChatResponse response = stream.awaitResponse();

        assertThat(stream.partials).containsExactly("one ", "two ", "three ", "four");
        assertThat(response.aiMessage().text()).isEqualTo("one two three four");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(4);
        assertThat(fake.lastRequest().stream()).isTrue();
        assertThat(fake.lastRequest().includeUsage()).isTrue();
    }

    @Test
    void streamsTheEchoByDefault() throws Exception {
        StreamCollector stream = new StreamCollector();

        streamingModel().chat(ask("stream me"), stream);

        assertThat(stream.awaitResponse().aiMessage().text()).isEqualTo("Echo: stream me");
        assertThat(stream.partials).hasSizeGreaterThan(1);
    }

    @Test
    void tokenDelaySpreadsStreamedTokensOverTime() throws Exception {
        fake.enqueue(FakeReply.text("a b c d").tokenDelay(Duration.ofMillis(100)));
        StreamCollector stream = new StreamCollector();

        long start = System.nanoTime();
        streamingModel().chat(ask("slowly"), stream);
        stream.awaitResponse();

        assertThat(stream.partials).containsExactly("a ", "b ", "c ", "d");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(stream.arrivals.getLast() - stream.arrivals.getFirst())
                .isGreaterThanOrEqualTo(Duration.ofMillis(250).toNanos());
    }

    @Test
    void aStreamCanBeCancelledMidWay() throws Exception {
        fake.enqueue(FakeReply.text("one two three four five six").tokenDelay(Duration.ofMillis(100)));
        StreamCollector stream = new StreamCollector(2);

        streamingModel().chat(ask("cancel me"), stream);

        fake.awaitRequests(1, WAIT);
        awaitUntil(() -> fake.inFlightRequests() == 0);
        assertThat(stream.partials).containsExactly("one ", "two ");
        assertThat(stream.response).isNotDone();
    }

    @Test
    void jsonRepliesCarryAJsonDocumentAsContent() throws Exception {
        fake.enqueue(FakeReply.json("{\"name\":\"Ada\",\"age\":36}"), FakeReply.jsonOf(Map.of("ok", true)));
        ChatRequest request = ChatRequest.builder()
                .messages(UserMessage.from("who?"))
                .responseFormat(ResponseFormat.JSON)
                .build();

        ChatResponse response = chatModel().chat(request);
        StreamCollector stream = new StreamCollector();
        streamingModel().chat(request, stream);

        assertThat(JSON.readTree(response.aiMessage().text()))
                .isEqualTo(JSON.readTree("{\"name\":\"Ada\",\"age\":36}"));
        assertThat(JSON.readTree(stream.awaitResponse().aiMessage().text())).isEqualTo(JSON.readTree("{\"ok\":true}"));
        assertThat(fake.requests().getFirst().responseFormat().path("type").asText())
                .isEqualTo("json_object");
    }

    @Test
    void jsonRepliesRejectInvalidJson() {
        assertThatThrownBy(() -> FakeReply.json("{not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toolCallRepliesBecomeToolExecutionRequests() {
        fake.enqueue(FakeReply.toolCall("get_weather", "{\"city\":\"Oslo\"}"));

        ChatResponse response = chatModel().chat(askWithTool("weather in Oslo?"));

        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(response.aiMessage().toolExecutionRequests()).singleElement().satisfies(call -> {
            assertThat(call.id()).isEqualTo("call_1_1");
            assertThat(call.name()).isEqualTo("get_weather");
            assertThat(call.arguments()).isEqualTo("{\"city\":\"Oslo\"}");
        });
        assertThat(fake.lastRequest().tools())
                .singleElement()
                .satisfies(tool ->
                        assertThat(tool.path("function").path("name").asText()).isEqualTo("get_weather"));
    }

    @Test
    void toolCallsStreamAsDeltas() throws Exception {
        fake.enqueue(FakeReply.toolCalls(
                FakeReply.call("call_a", "get_weather", "{\"city\":\"Oslo\"}"),
                FakeReply.call("get_weather", "{\"city\":\"Bergen, Norway\"}")));
        StreamCollector stream = new StreamCollector();

        streamingModel().chat(askWithTool("weather in two cities?"), stream);
        ChatResponse response = stream.awaitResponse();

        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(response.aiMessage().toolExecutionRequests())
                .extracting(ToolExecutionRequest::id, ToolExecutionRequest::name, ToolExecutionRequest::arguments)
                .containsExactly(
                        tuple("call_a", "get_weather", "{\"city\":\"Oslo\"}"),
                        tuple("call_1_2", "get_weather", "{\"city\":\"Bergen, Norway\"}"));
    }

    @Test
    void serverErrorsBecomeExceptions() {
        fake.enqueue(FakeReply.serverError());

        assertThatThrownBy(() -> chatModel().chat(ask("x"))).isInstanceOf(InternalServerException.class);
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @Test
    void rateLimitsBecomeExceptionsAndCarryRetryAfter() throws Exception {
        fake.enqueue(FakeReply.rateLimited(Duration.ofMillis(1500)), FakeReply.rateLimited(Duration.ofSeconds(2)));

        assertThatThrownBy(() -> chatModel().chat(ask("x"))).isInstanceOf(RateLimitException.class);

        HttpResponse<String> raw = postCompletion("{\"model\":\"fake-model\",\"messages\":[]}");
        assertThat(raw.statusCode()).isEqualTo(429);
        assertThat(raw.headers().firstValue("Retry-After")).contains("2");
        assertThat(JSON.readTree(raw.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void streamingRequestsGetHttpErrorsToo() throws Exception {
        fake.enqueue(FakeReply.error(503, "overloaded"));
        StreamCollector stream = new StreamCollector();

        streamingModel().chat(ask("x"), stream);

        assertThat(stream.awaitError()).hasMessageContaining("overloaded");
    }

    @Test
    void requiredApiKeyRejectsOtherKeys() {
        fake.requireApiKey("secret");

        assertThatThrownBy(() -> chatModel().chat(ask("x"))).isInstanceOf(AuthenticationException.class);
        ChatModel keyed = OpenAiChatModel.builder()
                .baseUrl(fake.baseUrl())
                .apiKey("secret")
                .modelName(FakeOpenAiServer.MODEL)
                .maxRetries(0)
                .build();
        assertThat(keyed.chat(ask("x")).aiMessage().text()).isEqualTo("Echo: x");
    }

    @Test
    void malformedBodiesGiveExceptions() {
        fake.enqueue(FakeReply.malformed(), FakeReply.malformed());

        assertThatThrownBy(() -> chatModel().chat(ask("x"))).isInstanceOf(RuntimeException.class);
        StreamCollector stream = new StreamCollector();
        streamingModel().chat(ask("x"), stream);
        assertThat(stream.awaitError()).isNotNull();
    }

    @Test
    void aCutStreamEndsInAnError() throws Exception {
        fake.enqueue(FakeReply.streamCut("one two three four", 2));
        StreamCollector stream = new StreamCollector();

        streamingModel().chat(ask("x"), stream);

        assertThat(stream.awaitError()).isNotNull();
        assertThat(stream.partials).containsExactly("one ", "two ");
        assertThat(stream.response).isCompletedExceptionally();
    }

    @Test
    void aCutPlainResponseGivesAnException() {
        fake.enqueue(FakeReply.streamCut());

        assertThatThrownBy(() -> chatModel().chat(ask("x"))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aHangingReplyMakesTheClientTimeOut() {
        fake.enqueue(FakeReply.hang());
        ChatModel impatient = OpenAiChatModel.builder()
                .baseUrl(fake.baseUrl())
                .apiKey("test")
                .modelName(FakeOpenAiServer.MODEL)
                .maxRetries(0)
                .timeout(Duration.ofMillis(300))
                .build();

        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.chat(ask("x")))
                .isInstanceOf(dev.langchain4j.exception.TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void closeReleasesAHangingReplyAtOnce() throws Exception {
        fake.enqueue(FakeReply.hang());
        CompletableFuture<HttpResponse<String>> pending =
                http.sendAsync(completionRequest("{\"messages\":[]}"), HttpResponse.BodyHandlers.ofString());
        fake.awaitRequests(1, WAIT);

        long start = System.nanoTime();
        fake.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void delayedRepliesArriveLate() {
        fake.enqueue(FakeReply.text("late").after(Duration.ofMillis(300)));

        long start = System.nanoTime();
        String text = chatModel().chat(ask("x")).aiMessage().text();

        assertThat(text).isEqualTo("late");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void recordsEveryCompletionRequest() {
        ChatModel model = chatModel();
        model.chat(ChatRequest.builder()
                .messages(SystemMessage.from("You are terse."), UserMessage.from("first"))
                .build());
        model.chat(ask("second"));

        List<RecordedRequest> requests = fake.awaitRequests(2, WAIT);

        assertThat(fake.requestCount()).isEqualTo(2);
        RecordedRequest first = requests.getFirst();
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.messages())
                .containsExactly(
                        new RecordedRequest.Message("system", "You are terse."),
                        new RecordedRequest.Message("user", "first"));
        assertThat(first.model()).isEqualTo(FakeOpenAiServer.MODEL);
        assertThat(first.header("authorization")).isEqualTo("Bearer test");
        assertThat(first.body().path("messages").size()).isEqualTo(2);
        assertThat(first.stream()).isFalse();
        assertThat(first.responseFormat()).isNull();
        assertThat(requests.get(1).lastUserMessage()).isEqualTo("second");
        assertThatThrownBy(() -> fake.awaitRequests(3, Duration.ofMillis(50))).isInstanceOf(AssertionError.class);
    }

    @Test
    void withRecordingOffRequestsAreAnsweredButNotKept() {
        ChatModel model = chatModel();
        model.chat(ask("kept"));
        fake.recordRequests(false);

        assertThat(model.chat(ask("not kept")).aiMessage().text()).isEqualTo("Echo: not kept");

        assertThat(fake.requestCount()).isEqualTo(1);
        assertThat(fake.lastRequest().lastUserMessage()).isEqualTo("kept");
        fake.recordRequests(true);
        model.chat(ask("kept again"));
        assertThat(fake.requests()).extracting(RecordedRequest::lastUserMessage).containsExactly("kept", "kept again");
    }

    @Test
    void tracksPeakConcurrency() throws Exception {
        ChatModel model = chatModel();
        model.chat(ask("alone"));
        assertThat(fake.maxConcurrentRequests()).isEqualTo(1);

        fake.enqueue(
                FakeReply.text("a").after(Duration.ofMillis(400)),
                FakeReply.text("b").after(Duration.ofMillis(400)));
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ChatResponse> first = executor.submit(() -> model.chat(ask("one")));
            Future<ChatResponse> second = executor.submit(() -> model.chat(ask("two")));

            assertThat(List.of(text(first), text(second))).containsExactlyInAnyOrder("a", "b");
        }
        assertThat(fake.maxConcurrentRequests()).isEqualTo(2);
        assertThat(fake.inFlightRequests()).isZero();
    }

    @Test
    void aFailingResponderGivesA500AndIsRecorded() {
        fake.defaultResponder(request -> {
            throw new IllegalStateException("responder broke");
        });

        assertThatThrownBy(() -> chatModel().chat(ask("x")))
                .isInstanceOf(InternalServerException.class)
                .hasMessageContaining("responder broke");
        assertThat(fake.handlerFailures()).singleElement().isInstanceOf(IllegalStateException.class);

        fake.reset();
        assertThat(fake.handlerFailures()).isEmpty();
    }

    @Test
    void listsTheFakeModel() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/models")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode models = JSON.readTree(response.body());
        assertThat(models.at("/data/0/id").asText()).isEqualTo("fake-model");
        assertThat(models.path("data").size()).isEqualTo(1);
    }

    @Test
    void streamsServerSentEventsInTheOpenAiFormat() throws Exception {
        fake.enqueue(FakeReply.text("hi there"));

        HttpResponse<String> response = postCompletion("""
                {"model":"fake-model","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"x"}]}""");

        assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
        assertThat(response.headers().firstValue("Transfer-Encoding")).contains("chunked");
        List<String> events = List.of(response.body().split("\n\n"));
        assertThat(events).allMatch(event -> event.startsWith("data: "));
        assertThat(events.getLast()).isEqualTo("data: [DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream()
                .map(event -> readJson(event.substring("data: ".length())))
                .toList();
        assertThat(chunks).allMatch(chunk -> chunk.path("object").asText().equals("chat.completion.chunk"));
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.subList(1, 3))
                .extracting(chunk -> chunk.at("/choices/0/delta/content").asText())
                .containsExactly("hi ", "there");
        assertThat(chunks.get(3).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.getLast().path("choices").size()).isZero();
        assertThat(chunks.getLast().at("/usage/completion_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void rejectsUnparseableRequestBodiesWith400() throws Exception {
        HttpResponse<String> response = postCompletion("{broken");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fake.lastRequest().validJson()).isFalse();
        assertThat(fake.lastRequest().rawBody()).isEqualTo("{broken");
    }

    private ChatModel chatModel() {
        return OpenAiChatModel.builder()
                .baseUrl(fake.baseUrl())
                .apiKey("test")
                .modelName(FakeOpenAiServer.MODEL)
                .maxRetries(0)
                .build();
    }

    private StreamingChatModel streamingModel() {
        return OpenAiStreamingChatModel.builder()
                .baseUrl(fake.baseUrl())
                .apiKey("test")
                .modelName(FakeOpenAiServer.MODEL)
                .build();
    }

    private static ChatRequest ask(String question) {
        return ChatRequest.builder().messages(UserMessage.from(question)).build();
    }

    private static ChatRequest askWithTool(String question) {
        return ChatRequest.builder()
                .messages(UserMessage.from(question))
                .toolSpecifications(WEATHER_TOOL)
                .build();
    }

    private static String text(Future<ChatResponse> response) throws Exception {
        return response.get(10, TimeUnit.SECONDS).aiMessage().text();
    }

    private HttpRequest completionRequest(String body) {
        return HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8))
                .build();
    }

    private HttpResponse<String> postCompletion(String body) throws IOException, InterruptedException {
        return http.send(completionRequest(body), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Collects a streamed response; cancels the stream after {@code cancelAfter} partial responses if positive. */
    private static final class StreamCollector implements StreamingChatResponseHandler {
        final List<String> partials = new CopyOnWriteArrayList<>();
        final List<Long> arrivals = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> response = new CompletableFuture<>();
        private final int cancelAfter;

        StreamCollector() {
            this(0);
        }

        StreamCollector(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            partials.add(partial.text());
            arrivals.add(System.nanoTime());
            if (partials.size() == cancelAfter) {
                context.streamingHandle().cancel();
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            response.complete(completeResponse);
        }

        @Override
        public void onError(Throwable error) {
            response.completeExceptionally(error);
        }

        ChatResponse awaitResponse() throws Exception {
            return response.get(10, TimeUnit.SECONDS);
        }

        Throwable awaitError() {
            try {
                ChatResponse unexpected = response.get(10, TimeUnit.SECONDS);
                throw new AssertionError("Expected an error but the stream completed with " + unexpected);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (InterruptedException | TimeoutException e) {
                throw new AssertionError("No error arrived", e);
            }
        }
    }
}
