package io.agentdeck.engine.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.Pair;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.agentdeck.engine.model.ReadsAhead;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The in-process model as langchain4j's chat models: the request's messages go through the model's chat template; a
 * JSON-schema response format becomes a llama.cpp grammar, so the Creator's designs and the Driver's plans come back
 * as valid JSON; streaming hands each piece over as it is made and stops at once when the handle is cancelled. The
 * model has no native tool calling: tools offered in a request are left out and the model answers in text. Its
 * streaming side is {@link #streaming()}: langchain4j's two interfaces cannot share one class.
 */
public final class LocalChatModel implements ChatModel, ReadsAhead {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The reply's length when the request does not set one: the rest of the context, at most this. */
    static final int DEFAULT_MAX_TOKENS = 1024;

    private final LoadedModel model;

    /**
     * The last conversation written through the template, and its length in tokens: a turn that found no knowledge
     * asks for the same messages as its read-ahead, and need not write and count them again while llama.cpp reads.
     */
    private volatile Templated lastTemplated;

    private record Templated(List<ChatMessage> messages, String prompt, int tokens) {}

    public LocalChatModel(LoadedModel model) {
        this.model = model;
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        StringBuilder text = new StringBuilder();
        Thread caller = Thread.currentThread();
        return run(request, caller::isInterrupted, text::append, text);
    }

    /**
     * Starts answering the request now, while the turn still looks for knowledge: the generation that follows takes
     * it over when its request is the same (nothing was found), and starts from the prompt read so far when it is
     * not. See {@link LoadedModel#readAhead}.
     */
    @Override
    public void readAhead(ChatRequest request) {
        Generating generating = generating(request);
        if (generating.promptTokens() < model.contextSize()) {
            model.readAhead(generating.parameters());
        }
    }

    /** The same model, answering piece by piece; cancelling the handle stops it before the next token. */
    public StreamingChatModel streaming() {
        LocalChatModel outer = this;
        return new StreamingChatModel() {
            @Override
            public Set<Capability> supportedCapabilities() {
                return outer.supportedCapabilities();
            }

            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                outer.stream(request, handler);
            }
        };
    }

    private void stream(ChatRequest request, StreamingChatResponseHandler handler) {
        Handle handle = new Handle();
        PartialResponseContext context = new PartialResponseContext(handle);
        Thread.ofVirtual().name("local-model-" + model.id()).start(() -> {
            StringBuilder text = new StringBuilder();
            try {
                ChatResponse response = run(
                        request,
                        handle::isCancelled,
                        piece -> {
                            text.append(piece);
                            handler.onPartialResponse(new PartialResponse(piece), context);
                        },
                        text);
                handler.onCompleteResponse(response);
            } catch (RuntimeException | Error e) {
                handler.onError(e);
            }
        });
    }

    private ChatResponse run(
            ChatRequest request,
            java.util.function.BooleanSupplier cancelled,
            java.util.function.Consumer<String> onText,
            StringBuilder text) {
        Generating generating = generating(request);
        int pieces = model.generate(generating.parameters(), cancelled, onText);
        boolean full = pieces >= generating.limit();
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(text.toString()))
                .tokenUsage(new TokenUsage(generating.promptTokens(), pieces))
                .finishReason(full ? FinishReason.LENGTH : FinishReason.STOP)
                .modelName(model.id())
                .build();
    }

    /** What llama.cpp is asked for: the same request gives the same parameters, so a read-ahead can be taken over. */
    private record Generating(InferenceParameters parameters, int promptTokens, int limit) {}

    private Generating generating(ChatRequest request) {
        Templated templated = templated(request.messages());
        String prompt = templated.prompt();
        int promptTokens = templated.tokens();
        int room = Math.max(16, model.contextSize() - promptTokens);
        Optional<String> grammar = grammarFor(request.parameters().responseFormat());
        // A grammar's bounds end the answer; cutting it shorter would only cut the JSON in half.
        int maxTokens = Optional.ofNullable(request.parameters().maxOutputTokens())
                .orElse(grammar.isPresent() ? room : DEFAULT_MAX_TOKENS);
        int limit = Math.min(maxTokens, room);
        // The prompt cache (the binding's default): the context keeps the last prompt it read, so a thread's next
        // question, or a new thread of the same agent, reads only what differs from it.
        InferenceParameters parameters =
                new InferenceParameters(prompt).setNPredict(limit).setCachePrompt(true);
        Optional.ofNullable(request.parameters().temperature())
                .ifPresent(t -> parameters.setTemperature(t.floatValue()));
        grammar.ifPresent(parameters::setGrammar);
        return new Generating(parameters, promptTokens, limit);
    }

    private Templated templated(List<ChatMessage> messages) {
        Templated last = lastTemplated;
        if (last != null && last.messages().equals(messages)) {
            return last;
        }
        String prompt = prompt(messages);
        Templated templated = new Templated(List.copyOf(messages), prompt, model.tokenCount(prompt));
        lastTemplated = templated;
        return templated;
    }

    /** System messages joined into one (many templates take only one), then the turns in order. */
    private String prompt(List<ChatMessage> messages) {
        StringBuilder system = new StringBuilder();
        List<Pair<String, String>> turns = new ArrayList<>();
        for (ChatMessage message : messages) {
            switch (message) {
                case SystemMessage s ->
                    system.append(system.isEmpty() ? "" : "\n\n").append(s.text());
                case UserMessage u -> turns.add(new Pair<>("user", u.singleText()));
                case AiMessage a ->
                    turns.add(new Pair<>(
                            "assistant", Optional.ofNullable(a.text()).orElse("")));
                case ToolExecutionResultMessage r ->
                    turns.add(new Pair<>("user", "Result of " + r.toolName() + ": " + r.text()));
                default -> {}
            }
        }
        return model.prompt(system.toString(), turns);
    }

    static Optional<String> grammarFor(ResponseFormat format) {
        if (format == null || format.type() != ResponseFormatType.JSON || format.jsonSchema() == null) {
            return Optional.empty();
        }
        try {
            String schema = JSON.writeValueAsString(
                    JsonSchemaElementUtils.toMap(format.jsonSchema().rootElement()));
            return Optional.of(LlamaModel.jsonSchemaToGrammar(schema));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cancelling a stream: the generation loop checks it before each token. */
    private static final class Handle implements StreamingHandle {
        private final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void cancel() {
            cancelled.set(true);
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }
}
