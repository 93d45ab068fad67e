package io.agentdeck.engine.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.creator.AgentSpec;
import io.agentdeck.engine.creator.AgentSpecParser;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.model.ModelSettings.LocalOptions;
import io.agentdeck.engine.workflow.Plan;
import io.agentdeck.engine.workflow.PlanParser;
import io.agentdeck.testing.TinyGguf;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * llama.cpp itself running a tiny random-weight model the test writes: answers held to the Creator's and the Driver's
 * JSON schemas by a grammar parse every time, whatever nonsense the weights would write; streaming stops when
 * cancelled; two generations asked at once both finish, one after the other.
 */
class LocalChatModelTest {
    private static final int CONTEXT = 8192;

    @TempDir
    static Path dataDir;

    private static LlamaRuntime runtime;
    private static LocalChatModel model;

    @BeforeAll
    static void load() throws Exception {
        Path folder = Files.createDirectories(dataDir.resolve("models"));
        TinyGguf.model().contextLength(CONTEXT).writeTo(folder.resolve("tiny.gguf"));
        LocalModels models = new LocalModels(folder, new EventBus(), HttpClient::newHttpClient, Clock.systemUTC());
        runtime = new LlamaRuntime(
                models, limit -> new MemoryCheck(MemoryCheck::systemAvailableBytes, limit), dataDir.resolve("native"));
        model = new LocalChatModel(runtime.load("tiny", new LocalOptions(CONTEXT, 2, Optional.empty())));
    }

    @AfterAll
    static void release() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void theModelsChatTemplateFramesTheConversation() {
        LoadedModel loaded = runtime.load("tiny", new LocalOptions(CONTEXT, 2, Optional.empty()));
        String prompt = loaded.prompt("Be brief.", List.of(new de.kherud.llama.Pair<>("user", "Hello")));
        assertThat(prompt)
                .contains("<|im_start|>system\nBe brief.<|im_end|>")
                .contains("<|im_start|>user\nHello<|im_end|>")
                .endsWith("<|im_start|>assistant\n");
    }

    @Test
    void aDesignHeldToTheCreatorsSchemaAlwaysParses() {
        List<String> offered = List.of("workspace_read", "knowledge_search");
        for (int attempt = 0; attempt < 2; attempt++) {
            ChatResponse response = model.chat(request(
                    "Design a new specialist agent for this team. Answer with the JSON object only.",
                    AgentSpecParser.responseFormat(offered)));
            assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
            AgentSpec spec = new AgentSpecParser(new ObjectMapper())
                    .parse(response.aiMessage().text());
            assertThat(spec.name()).isNotBlank();
            assertThat(characters(spec.name())).isLessThanOrEqualTo(60);
            assertThat(characters(spec.systemPrompt())).isBetween(20, 4_000);
            assertThat(spec.capabilities()).isNotEmpty().hasSizeLessThanOrEqualTo(20);
            assertThat(offered).containsAll(spec.tools());
        }
    }

    @Test
    void aPlanHeldToTheDriversSchemaAlwaysParsesWithinTheStepsLeft() {
        ChatResponse response = model.chat(
                request("Plan the task in steps. Answer with the JSON object only.", PlanParser.responseFormat(3)));
        Plan plan =
                new PlanParser(new ObjectMapper()).parse(response.aiMessage().text());
        assertThat(plan.steps()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        plan.steps().forEach(step -> {
            assertThat(step.step()).isBetween(1, 999);
            assertThat(step.dependsOn()).hasSizeLessThanOrEqualTo(2);
        });
    }

    @Test
    void aCancelledStreamStopsAtTheNextToken() throws Exception {
        CountDownLatch firstPiece = new CountDownLatch(1);
        AtomicInteger pieces = new AtomicInteger();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.streaming().chat(request("Write a long story.", null), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                if (pieces.incrementAndGet() == 3) {
                    context.streamingHandle().cancel();
                }
                firstPiece.countDown();
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
        assertThat(firstPiece.await(30, TimeUnit.SECONDS)).isTrue();
        ChatResponse response = done.get(30, TimeUnit.SECONDS);
        assertThat(pieces.get()).isEqualTo(3);
        assertThat(response.tokenUsage().outputTokenCount()).isLessThan(LocalChatModel.DEFAULT_MAX_TOKENS);
    }

    @Test
    void generationsAskedAtOnceTakeTurnsAndBothFinish() throws Exception {
        List<CompletableFuture<ChatResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int n = i;
            answers.add(CompletableFuture.supplyAsync(
                    () -> model.chat(ChatRequest.builder()
                            .messages(UserMessage.from("Question " + n))
                            .maxOutputTokens(40)
                            .temperature(0.0)
                            .build()),
                    Thread::startVirtualThread));
        }
        for (CompletableFuture<ChatResponse> answer : answers) {
            ChatResponse response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.tokenUsage().outputTokenCount()).isBetween(1, 40);
        }
    }

    @Test
    void aReplyAfterReadingAheadIsTheReplyWithoutIt() {
        // Greedy sampling: the same prompt gives the same tokens, whether it was read whole, read ahead, or found
        // in the prompt cache; a reading that left the context wrong would change them.
        ChatRequest question = greedy("Which rivers cross the city of Lyon, and where do they meet?");
        String read = model.chat(question).aiMessage().text();
        model.chat(greedy("Something else entirely, to make the context read another prompt."));
        model.readAhead(question);
        String readAhead = model.chat(question).aiMessage().text();
        String cached = model.chat(question).aiMessage().text();

        assertThat(read).isNotEmpty();
        assertThat(readAhead).isEqualTo(read);
        assertThat(cached).isEqualTo(read);
    }

    @Test
    void aGenerationAskedForSomethingElseCancelsTheOneReadAheadAndGetsItsOwn() {
        model.readAhead(greedy("A question that will not be asked after all."));
        ChatResponse other = model.chat(question("What is asked instead?", 3));
        assertThat(other.tokenUsage().outputTokenCount()).isBetween(1, 3);
        // The model is free again: the next generation neither waits for nor takes over anything.
        assertThat(model.chat(question("And then this.", 2)).tokenUsage().outputTokenCount())
                .isBetween(1, 2);
    }

    @Test
    void aModelReadingAheadIsReleasedWithoutWaitingForIt(@TempDir Path otherData) throws Exception {
        Path folder = Files.createDirectories(otherData.resolve("models"));
        TinyGguf.model().contextLength(CONTEXT).writeTo(folder.resolve("other.gguf"));
        LocalModels models = new LocalModels(folder, new EventBus(), HttpClient::newHttpClient, Clock.systemUTC());
        LlamaRuntime other = new LlamaRuntime(
                models,
                limit -> new MemoryCheck(MemoryCheck::systemAvailableBytes, limit),
                otherData.resolve("native"));
        LocalChatModel reading =
                new LocalChatModel(other.load("other", new LocalOptions(CONTEXT, 2, Optional.empty())));
        reading.readAhead(question("Nobody takes this generation over.", 1_000));

        CompletableFuture.runAsync(other::close, Thread::startVirtualThread).get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> reading.chat(question("Too late.", 2)))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("unloaded");
    }

    @Test
    void readingAheadWhileAnotherGenerationHoldsTheModelReturnsAtOnce() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        CompletableFuture<ChatResponse> story = new CompletableFuture<>();
        StreamingChatResponseHandler holdingTheModel = new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                // The generation holds the model while its first piece is handed over.
                streaming.countDown();
                try {
                    goOn.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                story.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                story.completeExceptionally(error);
            }
        };
        model.streaming().chat(question("Tell a story about a lighthouse keeper.", 20), holdingTheModel);
        try {
            assertThat(streaming.await(60, TimeUnit.SECONDS)).isTrue();
            ChatRequest next = question("A question asked while the model is busy.");
            CompletableFuture.runAsync(() -> model.readAhead(next), Thread::startVirtualThread)
                    .get(10, TimeUnit.SECONDS);
            goOn.countDown();
            assertThat(story.get(60, TimeUnit.SECONDS).tokenUsage().outputTokenCount())
                    .isPositive();
            assertThat(model.chat(next).tokenUsage().outputTokenCount()).isPositive();
        } finally {
            goOn.countDown();
        }
    }

    private static ChatRequest greedy(String text) {
        return ChatRequest.builder()
                .messages(SystemMessage.from("You are a helpful agent."), UserMessage.from(text))
                .maxOutputTokens(24)
                .temperature(0.0)
                .build();
    }

    private static ChatRequest question(String text) {
        return question(text, 8);
    }

    /**
     * Greedy too: the tiny model's random weights give the end token some chance at every step, and a sampled reply
     * that ended before its first token would fail a test now and then; greedy replies are the same at every run.
     */
    private static ChatRequest question(String text, int maxTokens) {
        return ChatRequest.builder()
                .messages(SystemMessage.from("You are a helpful agent."), UserMessage.from(text))
                .maxOutputTokens(maxTokens)
                .temperature(0.0)
                .build();
    }

    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    private static ChatRequest request(String text, ResponseFormat format) {
        ChatRequest.Builder builder =
                ChatRequest.builder().messages(SystemMessage.from("You are a helpful agent."), UserMessage.from(text));
        if (format != null) {
            builder.responseFormat(format);
        }
        return builder.build();
    }
}
