package io.agentdeck.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeck.engine.model.ModelSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * The on-disk shape of {@code settings.json}. Kept apart from the domain records so that every field can be
 * missing (null here) and be filled from defaults, and so that Jackson never needs to know about {@code Optional}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SettingsJson(ModelJson model, ServerJson server, UiJson ui, ApiJson api, DatabaseJson database) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelJson(
            String provider,
            String baseUrl,
            String apiKey,
            String modelName,
            Long timeoutSeconds,
            Integer maxRetries,
            Integer maxParallel,
            LocalJson local) {

        /** The generated toString would print the key into any log line or assertion message. */
        @Override
        public String toString() {
            return "ModelJson[provider=%s, baseUrl=%s, modelName=%s, apiKey=%s]"
                    .formatted(provider, baseUrl, modelName, ModelProviders.hasText(apiKey) ? "set" : "unset");
        }
    }

    /** The in-process model's options: {@code context_size}, {@code threads}, {@code memory_limit_mb}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LocalJson(Integer contextSize, Integer threads, Long memoryLimitMb) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ServerJson(String host, Integer port, Boolean authEnabled) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UiJson(String theme, Double windowX, Double windowY, Double windowWidth, Double windowHeight) {}

    /**
     * {@code rate_limit} is either {@code {"burst": 200, "per_second": 50}} or {@code 0} (no limit), so it stays a
     * JSON tree here and {@link #toApi} reads it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ApiJson(JsonNode rateLimit) {}

    /** {@code url} and {@code user} only: a password is never written to the file. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DatabaseJson(String url, String user) {}

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
                model.maxParallel().orElse(null),
                model.local().equals(ModelSettings.LocalOptions.DEFAULTS)
                        ? null
                        : new LocalJson(
                                model.local().contextSize(),
                                model.local().threads(),
                                model.local()
                                        .memoryLimitBytes()
                                        .map(bytes -> bytes >> 20)
                                        .orElse(null)));
        ServerSettings server = settings.server();
        var serverJson = new ServerJson(server.host(), server.port(), server.authEnabled());
        UiSettings ui = settings.ui();
        var uiJson = new UiJson(
                ui.theme(),
                ui.windowX().orElse(null),
                ui.windowY().orElse(null),
                ui.windowWidth().orElse(null),
                ui.windowHeight().orElse(null));
        DatabaseSettings database = settings.database();
        var databaseJson = database.isEmbedded()
                ? null
                : new DatabaseJson(database.url().orElseThrow(), database.user().orElse(null));
        return new SettingsJson(modelJson, serverJson, uiJson, apiJson(settings.api()), databaseJson);
    }

    /** Nothing for the defaults, so that a later version's defaults reach users who never chose a limit. */
    private static ApiJson apiJson(ApiSettings api) {
        if (api.equals(ApiSettings.defaults())) {
            return null;
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (api.rateLimit().isEmpty()) {
            return new ApiJson(nodes.numberNode(0));
        }
        RateLimitSetting limit = api.rateLimit().get();
        double perSecond = limit.perSecond();
        ObjectNode rateLimit = nodes.objectNode().put("burst", limit.burst());
        if (perSecond == Math.rint(perSecond) && perSecond <= Integer.MAX_VALUE) {
            rateLimit.put("per_second", (int) perSecond);
        } else {
            rateLimit.put("per_second", perSecond);
        }
        return new ApiJson(rateLimit);
    }

    /** @throws IllegalArgumentException when a value is present but unusable */
    Settings toSettings() {
        ModelJson m = model == null ? new ModelJson(null, null, null, null, null, null, null, null) : model;
        boolean providerExplicit = ModelProviders.hasText(m.provider());
        return new Settings(
                toModel(m, providerExplicit),
                toServer(server),
                toUi(ui),
                toApi(api),
                providerExplicit,
                database == null
                        ? DatabaseSettings.embedded()
                        : new DatabaseSettings(
                                Optional.ofNullable(database.url()),
                                Optional.ofNullable(database.user()),
                                Optional.empty()));
    }

    private static ModelSettings toModel(ModelJson m, boolean providerExplicit) {
        Optional<String> apiKey =
                Optional.ofNullable(m.apiKey()).map(String::strip).filter(k -> !k.isEmpty());
        String provider = providerExplicit
                ? ModelProviders.parse(m.provider())
                        .orElseThrow(() -> new IllegalArgumentException(
                                "model provider must be 'openai', 'local' or 'none', got '%s'".formatted(m.provider())))
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
                Optional.ofNullable(m.maxParallel()),
                toLocal(m.local()));
    }

    private static ModelSettings.LocalOptions toLocal(LocalJson local) {
        ModelSettings.LocalOptions defaults = ModelSettings.LocalOptions.DEFAULTS;
        if (local == null) {
            return defaults;
        }
        if (local.memoryLimitMb() != null && local.memoryLimitMb() <= 0) {
            throw new IllegalArgumentException("memory_limit_mb must be positive");
        }
        return new ModelSettings.LocalOptions(
                local.contextSize() == null ? defaults.contextSize() : local.contextSize(),
                local.threads() == null ? defaults.threads() : local.threads(),
                Optional.ofNullable(local.memoryLimitMb()).map(mb -> mb << 20));
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

    private static ApiSettings toApi(ApiJson a) {
        JsonNode rateLimit = a == null ? null : a.rateLimit();
        if (rateLimit == null || rateLimit.isNull()) {
            return ApiSettings.defaults();
        }
        if (rateLimit.isNumber() && rateLimit.doubleValue() == 0) {
            return ApiSettings.unlimited();
        }
        if (!rateLimit.isObject()) {
            throw new IllegalArgumentException(
                    "api.rate_limit must be {\"burst\": <requests>, \"per_second\": <requests>} or 0 for no limit");
        }
        RateLimitSetting defaults = RateLimitSetting.DEFAULT;
        JsonNode burst = rateLimit.get("burst");
        JsonNode perSecond = rateLimit.get("per_second");
        if (burst != null && !(burst.isIntegralNumber() && burst.canConvertToInt())) {
            throw new IllegalArgumentException("api.rate_limit.burst must be a whole number of requests");
        }
        if (perSecond != null && !perSecond.isNumber()) {
            throw new IllegalArgumentException("api.rate_limit.per_second must be a number of requests");
        }
        try {
            return new ApiSettings(Optional.of(new RateLimitSetting(
                    burst == null ? defaults.burst() : burst.intValue(),
                    perSecond == null ? defaults.perSecond() : perSecond.doubleValue())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("api.rate_limit: " + e.getMessage() + " (0 turns the limit off)", e);
        }
    }
}
