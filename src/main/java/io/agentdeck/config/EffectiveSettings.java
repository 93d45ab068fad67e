package io.agentdeck.config;

import io.agentdeck.engine.model.ModelSettings;
import java.util.Objects;

/**
 * The settings the app actually runs with: {@code settings.json} overlaid with environment variables and then
 * command-line options (see {@link SettingsResolver}). Deliberately a different type from {@link Settings} so that it
 * cannot be saved by accident, which would copy a key from the environment into the file.
 */
public record EffectiveSettings(ModelSettings model, ServerSettings server, UiSettings ui, ApiSettings api) {

    /** Shown instead of silently picking a model when nothing is configured. */
    public static final String NO_MODEL_MESSAGE = "No model is configured. Set OPENAI_API_KEY to use OpenAI, or"
            + " OPENAI_BASE_URL to use a local OpenAI-compatible server such as Ollama or LM Studio, or choose a"
            + " provider in Settings.";

    public EffectiveSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(ui, "ui");
        Objects.requireNonNull(api, "api");
    }

    /** With the default API settings (the default rate limit). */
    public EffectiveSettings(ModelSettings model, ServerSettings server, UiSettings ui) {
        this(model, server, ui, ApiSettings.defaults());
    }

    public boolean modelConfigured() {
        return !ModelSettings.PROVIDER_NONE.equals(model.provider());
    }
}
