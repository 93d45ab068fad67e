package io.agentdeck.engine.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.llm.LlamaRuntime;
import io.agentdeck.engine.llm.LocalChatModel;
import java.util.Optional;

/** The one place that turns {@link ModelSettings} into langchain4j models. */
public final class ModelFactory {
    private final Optional<LlamaRuntime> local;

    /** A factory for model servers only: provider {@code local} is explained as not available. */
    public ModelFactory() {
        this(Optional.empty());
    }

    public ModelFactory(Optional<LlamaRuntime> local) {
        this.local = local;
    }

    /** Local servers (Ollama, LM Studio) accept any key, but the OpenAI client insists on one being present. */
    private static final String PLACEHOLDER_KEY = "not-needed";

    public ModelAccess create(ModelSettings settings) {
        return switch (settings.provider()) {
            case ModelSettings.PROVIDER_OPENAI -> openAi(settings);
            case ModelSettings.PROVIDER_LOCAL -> local(settings);
            case ModelSettings.PROVIDER_NONE -> notConfigured(settings, "no model provider is configured");
            default -> notConfigured(settings, "unknown model provider '" + settings.provider() + "'");
        };
    }

    /**
     * The OpenAI-compatible models, each built by its first call ({@link OnFirstCallChatModel} says why): a start
     * with a provider configured then sets up no HTTP client, and a settings change builds nothing until it is used.
     */
    private static ModelAccess openAi(ModelSettings settings) {
        String key = settings.apiKey().orElse(PLACEHOLDER_KEY);
        // Retries are ours (ModelInvoker), so that a retried streaming call never repeats tokens already shown.
        ChatModel chat = new OnFirstCallChatModel(() -> OpenAiChatModel.builder()
                .baseUrl(settings.baseUrl())
                .apiKey(key)
                .modelName(settings.modelName())
                .timeout(settings.timeout())
                .maxRetries(0)
                .build());
        StreamingChatModel streaming = new OnFirstCallStreamingChatModel(() -> OpenAiStreamingChatModel.builder()
                .baseUrl(settings.baseUrl())
                .apiKey(key)
                .modelName(settings.modelName())
                .timeout(settings.timeout())
                .build());
        var status = new ModelStatus(settings.provider(), settings.modelName(), true, Optional.empty());
        return new ModelAccess(settings, Optional.of(chat), Optional.of(streaming), status);
    }

    /**
     * The model file named in the settings, loaded in this process. When it cannot run, the status says why and no
     * model answers: AgentDeck never falls back to another model without being told.
     */
    private ModelAccess local(ModelSettings settings) {
        if (local.isEmpty()) {
            return notConfigured(settings, "the in-process model is not available here");
        }
        try {
            var chat = new LocalChatModel(local.get().load(settings.modelName(), settings.local()));
            var status = new ModelStatus(settings.provider(), settings.modelName(), true, Optional.empty());
            return new ModelAccess(settings, Optional.of(chat), Optional.of(chat.streaming()), status);
        } catch (EngineException e) {
            var status = new ModelStatus(settings.provider(), settings.modelName(), false, Optional.of(e.getMessage()));
            return new ModelAccess(settings, Optional.empty(), Optional.empty(), status);
        }
    }

    private static ModelAccess notConfigured(ModelSettings settings, String why) {
        var status = new ModelStatus(ModelSettings.PROVIDER_NONE, "", false, Optional.of(why));
        return new ModelAccess(settings, Optional.empty(), Optional.empty(), status);
    }
}
