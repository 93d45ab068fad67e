package io.agentdeck.engine.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the chat model. Provider {@code openai} covers every OpenAI-compatible server (OpenAI, Ollama,
 * LM Studio, vLLM, llama.cpp server); {@code none} is an explicit, explained state rather than a fallback.
 */
public record ModelSettings(
        String provider,
        String baseUrl,
        Optional<String> apiKey,
        String modelName,
        Duration timeout,
        int maxRetries,
        Duration initialBackoff) {

    public static final String PROVIDER_OPENAI = "openai";
    public static final String PROVIDER_NONE = "none";
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_MODEL = "gpt-4o-mini";

    public ModelSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(apiKey, "apiKey");
        baseUrl = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.strip();
        modelName = modelName == null || modelName.isBlank() ? DEFAULT_MODEL : modelName.strip();
        timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
    }

    public static ModelSettings none() {
        return new ModelSettings(PROVIDER_NONE, null, Optional.empty(), null, null, 2, null);
    }

    public static ModelSettings openAi(String baseUrl, String apiKey, String modelName) {
        return new ModelSettings(
                PROVIDER_OPENAI,
                baseUrl,
                Optional.ofNullable(apiKey).filter(k -> !k.isBlank()),
                modelName,
                null,
                2,
                null);
    }

    public ModelSettings withTimeout(Duration newTimeout) {
        return new ModelSettings(provider, baseUrl, apiKey, modelName, newTimeout, maxRetries, initialBackoff);
    }

    public ModelSettings withRetries(int retries, Duration backoff) {
        return new ModelSettings(provider, baseUrl, apiKey, modelName, timeout, retries, backoff);
    }

    /** Never print the key: records' generated toString would. */
    @Override
    public String toString() {
        return "ModelSettings[provider=%s, baseUrl=%s, model=%s, apiKey=%s]"
                .formatted(provider, baseUrl, modelName, apiKey.isPresent() ? "set" : "unset");
    }
}
