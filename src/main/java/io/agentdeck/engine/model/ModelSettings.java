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
        Duration initialBackoff,
        Optional<Integer> maxParallel,
        LocalOptions local) {

    public static final String PROVIDER_OPENAI = "openai";
    public static final String PROVIDER_LOCAL = "local";
    public static final String PROVIDER_NONE = "none";

    /**
     * How the in-process model runs (provider {@code local}, whose {@code modelName} is the model file's id): its
     * context in tokens, the CPU threads it uses, and an optional cap on the memory it may take.
     */
    public record LocalOptions(int contextSize, int threads, Optional<Long> memoryLimitBytes) {
        public static final int DEFAULT_CONTEXT = 4096;
        /**
         * One core is left to the window, the server and the agents' other work: llama.cpp's threads wait for each
         * other at every layer, so one of them losing its core to a token's delivery stalls them all (on 2 cores, 2
         * threads decoded a small model at 144 tokens/s, 1 thread at 220; see docs/benchmarks.md).
         */
        public static final LocalOptions DEFAULTS = new LocalOptions(
                DEFAULT_CONTEXT,
                Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors() - 1)),
                Optional.empty());

        public LocalOptions {
            if (contextSize < 256 || contextSize > 1 << 20) {
                throw new IllegalArgumentException("context size must be from 256 to 1048576, was " + contextSize);
            }
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be from 1 to 256, was " + threads);
            }
            java.util.Objects.requireNonNull(memoryLimitBytes, "memoryLimitBytes");
        }
    }

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
        Objects.requireNonNull(maxParallel, "maxParallel").ifPresent(ModelSettings::checkMaxParallel);
        local = local == null ? LocalOptions.DEFAULTS : local;
    }

    /** Settings with the in-process model's default options. */
    public ModelSettings(
            String provider,
            String baseUrl,
            Optional<String> apiKey,
            String modelName,
            Duration timeout,
            int maxRetries,
            Duration initialBackoff,
            Optional<Integer> maxParallel) {
        this(provider, baseUrl, apiKey, modelName, timeout, maxRetries, initialBackoff, maxParallel, null);
    }

    /** Settings that leave the number of generations at once to the provider's default. */
    public ModelSettings(
            String provider,
            String baseUrl,
            Optional<String> apiKey,
            String modelName,
            Duration timeout,
            int maxRetries,
            Duration initialBackoff) {
        this(provider, baseUrl, apiKey, modelName, timeout, maxRetries, initialBackoff, Optional.empty());
    }

    /** A remote server answers many requests at once; an in-process model answers one at a time. */
    public static final int REMOTE_MAX_PARALLEL = 4;

    /** The most generations one agent may run at once, whatever is configured. */
    public static final int MAX_PARALLEL_LIMIT = 64;

    public static void checkMaxParallel(int value) {
        if (value < 1 || value > MAX_PARALLEL_LIMIT) {
            throw new IllegalArgumentException(
                    "max_parallel must be from 1 to " + MAX_PARALLEL_LIMIT + ", was " + value);
        }
    }

    /** How many generations one agent runs at once unless it has its own limit: as set, else the provider's default. */
    public int effectiveMaxParallel() {
        return maxParallel.orElse(PROVIDER_LOCAL.equals(provider) ? 1 : REMOTE_MAX_PARALLEL);
    }

    /**
     * The same settings with another provider and key: copying every field by hand at each call site is how a field
     * added later (max_parallel) got dropped on save.
     */
    public ModelSettings withProviderAndKey(String newProvider, Optional<String> newKey) {
        return new ModelSettings(
                newProvider, baseUrl, newKey, modelName, timeout, maxRetries, initialBackoff, maxParallel, local);
    }

    public ModelSettings withMaxParallel(Optional<Integer> limit) {
        return new ModelSettings(
                provider, baseUrl, apiKey, modelName, timeout, maxRetries, initialBackoff, limit, local);
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
        return new ModelSettings(
                provider, baseUrl, apiKey, modelName, newTimeout, maxRetries, initialBackoff, maxParallel, local);
    }

    public ModelSettings withRetries(int retries, Duration backoff) {
        return new ModelSettings(provider, baseUrl, apiKey, modelName, timeout, retries, backoff, maxParallel, local);
    }

    /** These settings with the in-process model {@code modelId}; a server's address and key stay for a switch back. */
    public ModelSettings withLocalModel(String modelId) {
        return new ModelSettings(
                PROVIDER_LOCAL, baseUrl, apiKey, modelId, timeout, maxRetries, initialBackoff, maxParallel, local);
    }

    /** The in-process model {@code modelId} (a file of the models folder), run with {@code options}. */
    public static ModelSettings local(String modelId, LocalOptions options) {
        return new ModelSettings(
                PROVIDER_LOCAL, null, Optional.empty(), modelId, null, 0, null, Optional.empty(), options);
    }

    /** Never print the key: records' generated toString would. */
    @Override
    public String toString() {
        return "ModelSettings[provider=%s, baseUrl=%s, model=%s, apiKey=%s]"
                .formatted(provider, baseUrl, modelName, apiKey.isPresent() ? "set" : "unset");
    }
}
