package io.agentdeck.testing;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.agentdeck.engine.model.ModelAccess;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.engine.model.ModelStatus;
import io.agentdeck.engine.model.ReadsAhead;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A chat model that answers from a script, in process and at once: each call takes the next scripted step (a reply,
 * a request for tools, or a failure) and records the request it was given. Streaming sends a reply word by word
 * before the whole response. It stands in for a provider where a test is about what the engine does with answers,
 * not about HTTP; {@link FakeOpenAiServer} is the provider over HTTP.
 */
public final class ScriptedChatModel implements ChatModel, StreamingChatModel, ReadsAhead {
    private final Deque<Step> script = new ArrayDeque<>();
    private final List<ChatRequest> requests = new ArrayList<>();
    private final List<ChatRequest> readAhead = new ArrayList<>();

    private sealed interface Step {}

    private record Answer(ChatResponse response) implements Step {}

    private record Failure(RuntimeException failure) implements Step {}

    /** The next call answers {@code text}, reporting the given token usage. */
    public synchronized ScriptedChatModel replies(String text, int inputTokens, int outputTokens) {
        script.add(new Answer(ChatResponse.builder()
                .aiMessage(AiMessage.from(text))
                .tokenUsage(new TokenUsage(inputTokens, outputTokens))
                .finishReason(FinishReason.STOP)
                .build()));
        return this;
    }

    public ScriptedChatModel replies(String text) {
        return replies(text, 10, 5);
    }

    /** The next call stops at the token limit after {@code text}. */
    public synchronized ScriptedChatModel truncates(String text) {
        script.add(new Answer(ChatResponse.builder()
                .aiMessage(AiMessage.from(text))
                .tokenUsage(new TokenUsage(10, 5))
                .finishReason(FinishReason.LENGTH)
                .build()));
        return this;
    }

    /** The next call asks for one tool call with the given JSON arguments. */
    public synchronized ScriptedChatModel callsTool(String id, String tool, String arguments) {
        script.add(new Answer(ChatResponse.builder()
                .aiMessage(AiMessage.from(List.of(ToolExecutionRequest.builder()
                        .id(id)
                        .name(tool)
                        .arguments(arguments)
                        .build())))
                .tokenUsage(new TokenUsage(7, 3))
                .finishReason(FinishReason.TOOL_EXECUTION)
                .build()));
        return this;
    }

    /** The next call fails with {@code failure}. */
    public synchronized ScriptedChatModel fails(RuntimeException failure) {
        script.add(new Failure(failure));
        return this;
    }

    /** The requests the model was called with, oldest first. */
    public synchronized List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests the model was told are coming ({@link ReadsAhead}), oldest first. */
    public synchronized List<ChatRequest> readAhead() {
        return List.copyOf(readAhead);
    }

    @Override
    public synchronized void readAhead(ChatRequest request) {
        readAhead.add(request);
    }

    /** Access to this model as the engine's model factory would build it, with {@code maxRetries} retries. */
    public ModelAccess access(int maxRetries) {
        ModelSettings settings = new ModelSettings(
                ModelSettings.PROVIDER_OPENAI,
                "http://127.0.0.1:9/v1",
                Optional.of("sk-scripted"),
                "scripted",
                Duration.ofSeconds(5),
                maxRetries,
                Duration.ofMillis(1));
        return new ModelAccess(
                settings,
                Optional.of(this),
                Optional.of(this),
                new ModelStatus(ModelSettings.PROVIDER_OPENAI, "scripted", true, Optional.empty()));
    }

    // Both model interfaces bring the same defaults; one answer for both.
    @Override
    public Set<Capability> supportedCapabilities() {
        return Set.of();
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return ChatRequestParameters.builder().build();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return switch (next(request)) {
            case Answer answer -> answer.response();
            case Failure failure -> throw failure.failure();
        };
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        switch (next(request)) {
            case Failure failure -> handler.onError(failure.failure());
            case Answer answer -> {
                AtomicBoolean cancelled = new AtomicBoolean();
                PartialResponseContext context = new PartialResponseContext(new StreamingHandle() {
                    @Override
                    public void cancel() {
                        cancelled.set(true);
                    }

                    @Override
                    public boolean isCancelled() {
                        return cancelled.get();
                    }
                });
                String text = Optional.ofNullable(answer.response().aiMessage().text())
                        .orElse("");
                for (String word : text.split("(?<= )")) {
                    if (!word.isEmpty() && !cancelled.get()) {
                        handler.onPartialResponse(new PartialResponse(word), context);
                    }
                }
                handler.onCompleteResponse(answer.response());
            }
        }
    }

    private synchronized Step next(ChatRequest request) {
        requests.add(request);
        Step step = script.poll();
        if (step == null) {
            throw new IllegalStateException("The scripted model was called more often than scripted: " + request);
        }
        return step;
    }
}
