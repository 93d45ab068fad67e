package io.agentdeck.config;

import io.agentdeck.engine.model.ModelSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Layers the configuration sources: {@code settings.json} &lt; environment &lt; command line. Pure: the environment
 * is passed in, so tests do not depend on the machine they run on.
 */
public final class SettingsResolver {

    public static final String ENV_OPENAI_API_KEY = "OPENAI_API_KEY";
    public static final String ENV_OPENAI_BASE_URL = "OPENAI_BASE_URL";
    public static final String ENV_MODEL = "AGENTDECK_MODEL";
    public static final String ENV_MODEL_PROVIDER = "AGENTDECK_MODEL_PROVIDER";
    public static final String ENV_MAX_PARALLEL = "AGENTDECK_MAX_PARALLEL";
    public static final String ENV_HOST = "AGENTDECK_HOST";
    public static final String ENV_PORT = "AGENTDECK_PORT";
    /** Sets the local API's token instead of the one in the data directory. */
    public static final String ENV_API_TOKEN = "AGENTDECK_API_TOKEN";
    /** The local API's rate limit per client: {@code burst/per_second}, or {@code 0} for none. */
    public static final String ENV_RATE_LIMIT = "AGENTDECK_RATE_LIMIT";
    /** The database for server mode, e.g. {@code postgresql://db.example/agentdeck} (docs/server-mode.md). */
    public static final String ENV_DATABASE_URL = "AGENTDECK_DATABASE_URL";

    public static final String ENV_DATABASE_USER = "AGENTDECK_DATABASE_USER";
    /** Host names the API answers to besides loopback and the bind address, comma-separated (a team's server). */
    public static final String ENV_ALLOWED_HOSTS = "AGENTDECK_ALLOWED_HOSTS";

    public static final String ENV_DATABASE_PASSWORD = "AGENTDECK_DATABASE_PASSWORD";

    private SettingsResolver() {}

    /**
     * @throws ConfigurationException when an environment variable holds an unusable value; failing loudly beats
     *     quietly running against a different port or provider than the user asked for
     */
    public static EffectiveSettings resolve(Settings file, Map<String, String> env, CommandLineOptions commandLine)
            throws ConfigurationException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(commandLine, "commandLine");
        return new EffectiveSettings(
                resolveModel(file, env),
                resolveServer(file.server(), env, commandLine),
                file.ui(),
                resolveApi(file.api(), env));
    }

    /**
     * The model settings the app runs with, e.g. after the Settings page saved {@code file}: the environment still
     * wins, as it did at start-up.
     */
    public static ModelSettings resolveModel(Settings file, Map<String, String> env) throws ConfigurationException {
        ModelSettings model = file.model();
        Optional<String> envKey = read(env, ENV_OPENAI_API_KEY);
        Optional<String> envBaseUrl = read(env, ENV_OPENAI_BASE_URL);
        Optional<String> envProvider = readProvider(env);

        String provider;
        if (envProvider.isPresent()) {
            provider = envProvider.get();
        } else if (file.providerExplicit()) {
            provider = model.provider();
        } else {
            // The file's provider was inferred from the file alone; the environment may add what it lacked.
            boolean fileConfigured = ModelSettings.PROVIDER_OPENAI.equals(model.provider());
            provider = fileConfigured
                    ? ModelSettings.PROVIDER_OPENAI
                    : ModelProviders.inferred(envKey.isPresent(), envBaseUrl.isPresent());
        }
        return new ModelSettings(
                provider,
                envBaseUrl.orElse(model.baseUrl()),
                envKey.or(model::apiKey),
                read(env, ENV_MODEL).orElse(model.modelName()),
                model.timeout(),
                model.maxRetries(),
                model.initialBackoff(),
                envMaxParallel(env).or(model::maxParallel),
                model.local());
    }

    private static Optional<Integer> envMaxParallel(Map<String, String> env) throws ConfigurationException {
        Optional<String> text = read(env, ENV_MAX_PARALLEL);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(text.get());
            ModelSettings.checkMaxParallel(value);
            return Optional.of(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("agentdeck: %s must be a whole number from 1 to %d, got '%s'"
                    .formatted(ENV_MAX_PARALLEL, ModelSettings.MAX_PARALLEL_LIMIT, text.get()));
        }
    }

    /**
     * The settings that environment variables and command-line flags decide whatever {@code settings.json} says, in
     * the order the Settings page lists its fields; the page names them so that a saved value that does not take
     * effect is explained.
     */
    public static List<SettingOverride> overrides(Map<String, String> env, CommandLineOptions commandLine) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(commandLine, "commandLine");
        List<SettingOverride> found = new ArrayList<>(OVERRIDABLE.stream()
                .filter(candidate -> read(env, candidate.source()).isPresent())
                .toList());
        commandLine.port().ifPresent(port -> found.add(new SettingOverride("--port", "port")));
        commandLine.host().ifPresent(host -> found.add(new SettingOverride("--host", "listen address")));
        if (commandLine.noAuth()) {
            found.add(new SettingOverride("--no-auth", "authentication"));
        }
        return List.copyOf(found);
    }

    private static final List<SettingOverride> OVERRIDABLE = List.of(
            new SettingOverride(ENV_MODEL_PROVIDER, "provider"),
            new SettingOverride(ENV_OPENAI_BASE_URL, "server URL"),
            new SettingOverride(ENV_OPENAI_API_KEY, "API key"),
            new SettingOverride(ENV_MODEL, "model"),
            new SettingOverride(ENV_MAX_PARALLEL, "replies at once per agent"),
            new SettingOverride(ENV_PORT, "port"),
            new SettingOverride(ENV_HOST, "listen address"),
            new SettingOverride(ENV_API_TOKEN, "API token"),
            new SettingOverride(ENV_RATE_LIMIT, "rate limit"),
            new SettingOverride(ENV_DATABASE_URL, "database"));

    /** The server settings the API runs with for these saved ones: the environment and then the command line win. */
    public static ServerSettings resolveServer(
            ServerSettings server, Map<String, String> env, CommandLineOptions commandLine)
            throws ConfigurationException {
        String host = commandLine.host().or(() -> read(env, ENV_HOST)).orElse(server.host());
        int port = commandLine.port().isPresent()
                ? commandLine.port().get()
                : envPort(env).orElse(server.port());
        boolean authEnabled = server.authEnabled() && !commandLine.noAuth();
        return new ServerSettings(host, port, authEnabled);
    }

    /**
     * The database to open for these saved settings: {@code AGENTDECK_DATABASE_URL} and {@code AGENTDECK_DATABASE_USER}
     * win over {@code settings.json}; the password comes from {@code AGENTDECK_DATABASE_PASSWORD} here and, when that
     * is unset, from the keychain or the URL later.
     */
    public static DatabaseSettings resolveDatabase(DatabaseSettings saved, Map<String, String> env) {
        Optional<String> url = read(env, ENV_DATABASE_URL);
        // A URL from the environment brings its own login: a user saved with another URL must not replace its user.
        Optional<String> user =
                read(env, ENV_DATABASE_USER).or(() -> url.isPresent() ? Optional.empty() : saved.user());
        // Not stripped (a password may end in a space), but an empty variable is no password.
        Optional<String> password =
                Optional.ofNullable(env.get(ENV_DATABASE_PASSWORD)).filter(value -> !value.isEmpty());
        return new DatabaseSettings(url.or(saved::url), user, password);
    }

    /** The extra host names of {@code AGENTDECK_ALLOWED_HOSTS}, e.g. {@code agentdeck.example.com,10.0.0.5}. */
    public static java.util.Set<String> allowedHosts(Map<String, String> env) {
        return read(env, ENV_ALLOWED_HOSTS)
                .map(list -> java.util.Arrays.stream(list.split(","))
                        .map(String::strip)
                        .filter(name -> !name.isEmpty())
                        .collect(java.util.stream.Collectors.toUnmodifiableSet()))
                .orElse(java.util.Set.of());
    }

    /** The API settings the API runs with for these saved ones: {@code AGENTDECK_RATE_LIMIT} wins. */
    public static ApiSettings resolveApi(ApiSettings api, Map<String, String> env) throws ConfigurationException {
        Optional<String> text = read(env, ENV_RATE_LIMIT);
        if (text.isEmpty()) {
            return api;
        }
        Optional<Optional<RateLimitSetting>> limit = RateLimitSetting.parse(text.get());
        if (limit.isEmpty()) {
            throw new ConfigurationException(
                    "agentdeck: %s must be burst/per_second, such as 200/50, or 0 for no limit, got '%s'"
                            .formatted(ENV_RATE_LIMIT, text.get()));
        }
        return api.withRateLimit(limit.get());
    }

    private static Optional<Integer> envPort(Map<String, String> env) throws ConfigurationException {
        Optional<String> text = read(env, ENV_PORT);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Integer> port = ServerSettings.parsePort(text.get());
        if (port.isEmpty()) {
            throw new ConfigurationException(
                    "agentdeck: %s must be a port number from 1 to 65535, got '%s'".formatted(ENV_PORT, text.get()));
        }
        return port;
    }

    private static Optional<String> readProvider(Map<String, String> env) throws ConfigurationException {
        Optional<String> text = read(env, ENV_MODEL_PROVIDER);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> provider = ModelProviders.parse(text.get());
        if (provider.isEmpty()) {
            throw new ConfigurationException("agentdeck: %s must be 'openai', 'local' or 'none', got '%s'"
                    .formatted(ENV_MODEL_PROVIDER, text.get()));
        }
        return provider;
    }

    /** An exported-but-empty variable ({@code OPENAI_API_KEY=}) is treated as unset, as most tools do. */
    private static Optional<String> read(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
