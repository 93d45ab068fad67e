package io.agentdeck.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentdeck.engine.model.ModelSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * The on-disk shape of {@code settings.json}. Kept apart from the domain records so that every field can be
 * missing (null here) and be filled from defaults, and so that Jackson never needs to know about {@code Optional}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SettingsJson(ModelJson model, ServerJson server, UiJson ui) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelJson(
            String provider,
            String baseUrl,
            String apiKey,
            String modelName,
            Long timeoutSeconds,
            Integer maxRetries,
            Integer maxParallel) {

        /** The generated toString would print the key into any log line or assertion message. */
        @Override
        public String toString() {
            return "ModelJson[provider=%s, baseUrl=%s, modelName=%s, apiKey=%s]"
                    .formatted(provider, baseUrl, modelName, ModelProviders.hasText(apiKey) ? "set" : "unset");
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ServerJson(String host, Integer port, Boolean authEnabled) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UiJson(String theme, Double windowX, Double windowY, Double windowWidth, Double windowHeight) {}

    static SettingsJson from(Settings settings) {
        ModelSettings model = settings.model();
        var modelJson = new ModelJson(
                settings.providerExplicit() ? model.provider() : null,
                // Writing the default URL would make it look configured and flip an inferred provider to openai.
                ModelSettings.DEFAULT_BASE_URL.equals(model.baseUrl()) ? null : model.baseUrl(),
                model.apiKey().orElse(null),
                model.modelName(),
                model.timeout().toSeconds(),
                model.maxRetries(),
                model.maxParallel().orElse(null));
        ServerSettings server = settings.server();
        var serverJson = new ServerJson(server.host(), server.port(), server.authEnabled());
        UiSettings ui = settings.ui();
        var uiJson = new UiJson(
                ui.theme(),
                ui.windowX().orElse(null),
                ui.windowY().orElse(null),
                ui.windowWidth().orElse(null),
                ui.windowHeight().orElse(null));
        return new SettingsJson(modelJson, serverJson, uiJson);
    }

    /** @throws IllegalArgumentException when a value is present but unusable */
    Settings toSettings() {
        ModelJson m = model == null ? new ModelJson(null, null, null, null, null, null, null) : model;
        boolean providerExplicit = ModelProviders.hasText(m.provider());
        return new Settings(toModel(m, providerExplicit), toServer(server), toUi(ui), providerExplicit);
    }

    private static ModelSettings toModel(ModelJson m, boolean providerExplicit) {
        Optional<String> apiKey =
                Optional.ofNullable(m.apiKey()).map(String::strip).filter(k -> !k.isEmpty());
        String provider = providerExplicit
                ? ModelProviders.parse(m.provider())
                        .orElseThrow(() -> new IllegalArgumentException(
                                "model provider must be 'openai' or 'none', got '%s'".formatted(m.provider())))
                : ModelProviders.inferred(apiKey.isPresent(), ModelProviders.hasText(m.baseUrl()));
        Duration timeout = null;
        if (m.timeoutSeconds() != null) {
            if (m.timeoutSeconds() <= 0) {
                throw new IllegalArgumentException("timeout_seconds must be positive");
            }
            timeout = Duration.ofSeconds(m.timeoutSeconds());
        }
        int maxRetries = m.maxRetries() == null ? ModelSettings.none().maxRetries() : m.maxRetries();
        if (m.maxParallel() != null) {
            ModelSettings.checkMaxParallel(m.maxParallel());
        }
        return new ModelSettings(
                provider,
                m.baseUrl(),
                apiKey,
                m.modelName(),
                timeout,
                maxRetries,
                null,
                Optional.ofNullable(m.maxParallel()));
    }

    private static ServerSettings toServer(ServerJson s) {
        ServerSettings defaults = ServerSettings.defaults();
        if (s == null) {
            return defaults;
        }
        return new ServerSettings(
                s.host() == null ? defaults.host() : s.host(),
                s.port() == null ? defaults.port() : s.port(),
                s.authEnabled() == null ? defaults.authEnabled() : s.authEnabled());
    }

    private static UiSettings toUi(UiJson u) {
        if (u == null) {
            return UiSettings.defaults();
        }
        return new UiSettings(
                u.theme() == null ? UiSettings.THEME_LIGHT : u.theme(),
                Optional.ofNullable(u.windowX()),
                Optional.ofNullable(u.windowY()),
                Optional.ofNullable(u.windowWidth()),
                Optional.ofNullable(u.windowHeight()));
    }
}
