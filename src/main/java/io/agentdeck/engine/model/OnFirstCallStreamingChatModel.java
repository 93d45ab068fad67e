package io.agentdeck.engine.model;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.agentdeck.engine.Lazy;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** The streaming twin of {@link OnFirstCallChatModel}: built by its first call, for the same reason. */
final class OnFirstCallStreamingChatModel implements StreamingChatModel {
    private final Lazy<StreamingChatModel> model;

    OnFirstCallStreamingChatModel(Supplier<StreamingChatModel> builder) {
        this.model = Lazy.of(() -> ModelBuild.build(builder));
    }

    @Override
    public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
        model.get().chat(request, handler);
    }

    @Override
    public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
        model.get().chat(request, options, handler);
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        model.get().doChat(request, handler);
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
