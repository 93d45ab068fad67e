package io.agentdeck;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.agentdeck.api.ApiConfig;
import io.agentdeck.api.ApiServer;
import io.agentdeck.api.JsonSupport;
import io.agentdeck.api.realtime.ClientChannel;
import io.agentdeck.api.realtime.RealtimeHub;
import io.agentdeck.api.security.ApiSecurity;
import io.agentdeck.api.security.ApiToken;
import io.agentdeck.api.security.RateLimiter.RateLimit;
import io.agentdeck.config.AppInfo;
import io.agentdeck.config.BindAddress;
import io.agentdeck.config.CommandLineOptions;
import io.agentdeck.config.ConfigurationException;
import io.agentdeck.config.DataDirectory;
import io.agentdeck.config.EffectiveSettings;
import io.agentdeck.config.ServerSettings;
import io.agentdeck.config.SettingOverride;
import io.agentdeck.config.Settings;
import io.agentdeck.config.SettingsRepository;
import io.agentdeck.config.SettingsResolver;
import io.agentdeck.config.SettingsStore;
import io.agentdeck.config.secrets.FileSecretStore;
import io.agentdeck.config.secrets.SecretStore;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineStores;
import io.agentdeck.engine.knowledge.KnowledgeBase;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.persistence.Database;
import io.agentdeck.persistence.DatabaseConfig;
import io.agentdeck.persistence.HibernateAgentStore;
import io.agentdeck.persistence.HibernateConversationStore;
import io.agentdeck.persistence.HibernateMessageStore;
import io.agentdeck.persistence.HibernateTaskStore;
import io.javalin.Javalin;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one composition root: builds database, engine and API server in order, and closes them in reverse. Both the
 * headless server and the desktop shell start from here; tests build one per data directory.
 */
public final class AppContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppContext.class);
    private static final int KNOWLEDGE_PASSAGES = 3;
    private static final double KNOWLEDGE_MIN_SCORE = 0.55;

    private final AppInfo appInfo;
    private final DataDirectory dataDirectory;
    private final EffectiveSettings settings;
    private final Map<String, String> env;
    private final CommandLineOptions commandLine;
    private final SettingsRepository settingsRepository;
    private final Database database;
    private final Engine engine;
    /** Changes only when the API restarts with authentication turned on or off. */
    private volatile Optional<ApiToken> apiToken;
    /** The server settings the API runs with (or last tried to): the ones resolved at start, then the applied ones. */
    private volatile ServerSettings apiServer;

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private volatile Javalin api;
    private volatile String apiHost;
    private volatile RealtimeHub realtimeHub;
    /** Per client, or none; the resolved setting until a caller starts the API with another. */
    private Optional<RateLimit> apiRateLimit;
    /** What stops the running API; removed from {@link #closeables} when the API restarts. */
    private List<AutoCloseable> apiStoppers = List.of();

    private AppContext(
            AppInfo appInfo,
            DataDirectory dataDirectory,
            EffectiveSettings settings,
            Map<String, String> env,
            CommandLineOptions commandLine,
            SecretStore secrets) {
        this.appInfo = appInfo;
        this.dataDirectory = dataDirectory;
        this.settings = settings;
        this.env = Map.copyOf(env);
        this.commandLine = commandLine;
        this.settingsRepository = new SettingsRepository(SettingsStore.in(dataDirectory), secrets);
        this.apiToken = settings.server().authEnabled() ? Optional.of(loadToken()) : Optional.empty();
        this.apiServer = settings.server();
        this.apiRateLimit = settings.api().rateLimit().map(limit -> new RateLimit(limit.burst(), limit.perSecond()));
        this.database = Database.open(DatabaseConfig.h2File(dataDirectory.databasePath()));
        closeables.push(database);
        var stores = new EngineStores(
                new HibernateAgentStore(database.transactions()),
                new HibernateConversationStore(database.transactions()),
                new HibernateMessageStore(database.transactions()),
                new HibernateTaskStore(database.transactions()),
                database);
        var knowledge =
                new KnowledgeBase(AllMiniLmL6V2QuantizedEmbeddingModel::new, KNOWLEDGE_PASSAGES, KNOWLEDGE_MIN_SCORE);
        this.engine = new Engine(stores, settings.model(), knowledge, Clock.systemUTC());
        closeables.push(engine);
    }

    /**
     * Opens the database and builds the engine; nothing listens on the network yet. Secrets are kept in the data
     * directory's owner-only file (tests never touch the machine's keychain).
     */
    public static AppContext create(
            AppInfo appInfo, DataDirectory dataDirectory, EffectiveSettings settings, Map<String, String> env) {
        return create(
                appInfo,
                dataDirectory,
                settings,
                env,
                CommandLineOptions.defaults(),
                FileSecretStore.in(dataDirectory.root()));
    }

    /**
     * As {@link #create(AppInfo, DataDirectory, EffectiveSettings, Map)}, keeping secrets in {@code secrets} and
     * remembering the command line the settings were resolved with: its flags keep winning when saved settings are
     * applied later.
     */
    public static AppContext create(
            AppInfo appInfo,
            DataDirectory dataDirectory,
            EffectiveSettings settings,
            Map<String, String> env,
            CommandLineOptions commandLine,
            SecretStore secrets) {
        LOG.info("Starting {} with data directory {}", appInfo.displayName(), dataDirectory.root());
        if (!settings.modelConfigured()) {
            LOG.warn(EffectiveSettings.NO_MODEL_MESSAGE);
        }
        return new AppContext(appInfo, dataDirectory, settings, env, commandLine, secrets);
    }

    public Engine engine() {
        return engine;
    }

    public EffectiveSettings settings() {
        return settings;
    }

    /** For test fixtures that fill the database in bulk, and for benchmarks. */
    Database database() {
        return database;
    }

    public DataDirectory dataDirectory() {
        return dataDirectory;
    }

    /** The stored settings and the API key, for the Settings page. */
    public SettingsRepository settingsRepository() {
        return settingsRepository;
    }

    /**
     * Switches the engine to the model of freshly saved settings at once; environment variables still win, as at
     * start-up. Returns the model settings now in use.
     */
    public ModelSettings reconfigureModel(Settings stored) {
        try {
            ModelSettings model = SettingsResolver.resolveModel(stored, env);
            engine.reconfigureModel(model);
            return model;
        } catch (ConfigurationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The settings that this process's environment and command line decide, whatever is saved. */
    public List<SettingOverride> overrides() {
        return SettingsResolver.overrides(env, commandLine);
    }

    /**
     * The server settings the API would run with if {@code saved} were in the settings file, as at start: the
     * environment and then the command line win.
     *
     * @throws IllegalStateException when an environment variable holds an unusable value
     */
    public ServerSettings resolveServer(ServerSettings saved) {
        try {
            return SettingsResolver.resolveServer(saved, env, commandLine);
        } catch (ConfigurationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Seeds the core agents and knowledge; the desktop app and the headless server do it unless told not to. */
    public void initialize() {
        engine.initialize();
    }

    /** Starts the local API on the configured host and port; returns the bound port. */
    public int startApi() {
        ServerSettings server = apiServer;
        return startApiOn(server.host(), server.port());
    }

    /**
     * Starts the local API on the given address with the configured rate limit; port 0 picks a free port. Returns the
     * bound port.
     */
    public synchronized int startApiOn(String host, int port) {
        return startApiOn(host, port, apiRateLimit);
    }

    /** As {@link #startApiOn(String, int, Optional)} with this rate limit, whatever is configured. */
    public int startApiOn(String host, int port, RateLimit rateLimit) {
        return startApiOn(host, port, Optional.of(rateLimit));
    }

    /**
     * Starts the local API with a given rate limit per client, or none; it is kept when the API restarts. Refuses
     * {@code --no-auth} on a non-loopback address with an {@link IllegalArgumentException} whose message is the
     * reason.
     */
    public synchronized int startApiOn(String host, int port, Optional<RateLimit> rateLimit) {
        if (api == null) {
            apiRateLimit = rateLimit;
            ApiSecurity security = ApiSecurity.forBind(host, apiToken, rateLimit);
            if (!BindAddress.isLoopback(host)) {
                LOG.warn("The API server binds to {}: other machines on the network can reach it", host);
            }
            if (apiToken.isEmpty()) {
                LOG.warn("API authentication is off (--no-auth): any local program can use the agents");
            }
            if (rateLimit.isEmpty()) {
                LOG.info(
                        "The local API has no rate limit (api.rate_limit or {} is 0)", SettingsResolver.ENV_RATE_LIMIT);
            }
            RealtimeHub hub =
                    new RealtimeHub(engine, JsonSupport.newMapper(), Clock.systemUTC(), ClientChannel.DEFAULT_OUTBOX);
            Javalin app = ApiServer.create(engine, new ApiConfig(appInfo.version(), security), hub);
            try {
                app.start(host, port);
            } catch (RuntimeException e) {
                // The hub already listens to the engine, and Jetty may hold threads: let go of both.
                try {
                    hub.close();
                    app.stop();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            api = app;
            apiHost = host;
            realtimeHub = hub;
            AutoCloseable stopServer = app::stop;
            // Closed before the server stops, so clients get their close frames while Jetty still runs.
            AutoCloseable closeHub = hub::close;
            closeables.push(stopServer);
            closeables.push(closeHub);
            apiStoppers = List.of(closeHub, stopServer);
            LOG.info("Local API listening on http://{}:{}", host, app.port());
        }
        return api.port();
    }

    /** The server settings the local API runs with, or last tried to start with. */
    public ServerSettings apiServer() {
        return apiServer;
    }

    /**
     * Moves the local API to other server settings at once: it stops (real-time clients are disconnected and
     * reconnect), authentication is turned on or off, and it starts again on the new address with the same rate limit.
     * Returns the bound port; when the new address cannot be bound the API stays stopped and the exception says why.
     */
    public synchronized int restartApi(ServerSettings server) {
        if (!server.authEnabled() && !BindAddress.isLoopback(server.host())) {
            // Checked before stopping, so that a refused change leaves the running API alone.
            throw new IllegalArgumentException(
                    "authentication can only be off when the API listens on a loopback address, not " + server.host());
        }
        ServerSettings previous = apiServer;
        Optional<ApiToken> previousToken = apiToken;
        // Where it really listened: a port of 0 was a free port picked at start, and going back means that one.
        Optional<InetSocketAddress> listenedAt =
                Optional.ofNullable(api).map(running -> new InetSocketAddress(apiHost, running.port()));
        stopApi();
        apiServer = server;
        apiToken = server.authEnabled() ? Optional.of(apiToken.orElseGet(this::loadToken)) : Optional.empty();
        try {
            return startApiOn(server.host(), server.port(), apiRateLimit);
        } catch (RuntimeException e) {
            apiServer = previous;
            apiToken = previousToken;
            listenedAt.ifPresent(address -> {
                try {
                    startApiOn(address.getHostString(), address.getPort(), apiRateLimit);
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                    LOG.warn("The local API could not go back to {}: {}", address, again.getMessage());
                }
            });
            throw e;
        }
    }

    private synchronized void stopApi() {
        for (AutoCloseable stopper : apiStoppers) {
            closeables.remove(stopper);
            try {
                stopper.close();
            } catch (Exception e) {
                LOG.warn("Error while stopping the local API", e);
            }
        }
        apiStoppers = List.of();
        api = null;
        realtimeHub = null;
    }

    private ApiToken loadToken() {
        return ApiToken.loadOrCreate(dataDirectory.root(), Optional.ofNullable(env.get(ApiToken.ENV_OVERRIDE)));
    }

    /** The API token, when authentication is on; for the Settings page and for local clients. */
    public Optional<ApiToken> apiToken() {
        return apiToken;
    }

    public Optional<Integer> apiPort() {
        return Optional.ofNullable(api).map(Javalin::port);
    }

    /** The address local clients use; a wildcard bind is shown as the loopback address. */
    public Optional<String> apiUrl() {
        return apiPort().map(port -> {
            String host = apiHost.equals("0.0.0.0") || apiHost.equals("::") ? "127.0.0.1" : apiHost;
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        });
    }

    /** Clients connected over /ws and Socket.IO; 0 while the API is not running. */
    public int realtimeClientCount() {
        RealtimeHub hub = realtimeHub;
        return hub == null ? 0 : hub.clientCount();
    }

    /** Stops accepting requests first, then the engine (cancelling what runs), then closes the database. */
    @Override
    public synchronized void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable closeable = closeables.pop();
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Error while shutting down", e);
            }
        }
        LOG.info("{} stopped", appInfo.name());
    }
}
