package io.agentdeck.engine.model;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.agentdeck.engine.Lazy;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A chat model built by its first call. Building langchain4j's OpenAI-compatible model builds its HTTP client, and a
 * JDK HTTP client sets up TLS at once (the providers, the trusted certificates: about 1,300 classes and 0.2–0.5 s on
 * 2 cores), although AgentDeck may run for hours before anyone asks a question. Every call is the built model's.
 */
final class OnFirstCallChatModel implements ChatModel {
    private final Lazy<ChatModel> model;

    OnFirstCallChatModel(Supplier<ChatModel> builder) {
        this.model = Lazy.of(() -> ModelBuild.build(builder));
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return model.get().chat(request);
    }

    @Override
    public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
        return model.get().chat(request, options);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return model.get().doChat(request);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return model.get().defaultRequestParameters();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return model.get().listeners();
    }

    @Override
    public ModelProvider provider() {
        return model.get().provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return model.get().supportedCapabilities();
    }

    /** Whether the first call has built the model (for tests). */
    boolean isBuilt() {
        return model.isMade();
    }
}
