package io.agentdeck;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.api.LocalApi;
import io.agentdeck.api.TeamMode;
import io.agentdeck.api.security.ApiToken;
import io.agentdeck.api.security.RateLimiter.RateLimit;
import io.agentdeck.config.AppInfo;
import io.agentdeck.config.CommandLineOptions;
import io.agentdeck.config.ConfigurationException;
import io.agentdeck.config.DataDirectory;
import io.agentdeck.config.DataDirectoryLock;
import io.agentdeck.config.DatabaseSettings;
import io.agentdeck.config.EffectiveSettings;
import io.agentdeck.config.ServerSettings;
import io.agentdeck.config.SettingOverride;
import io.agentdeck.config.Settings;
import io.agentdeck.config.SettingsRepository;
import io.agentdeck.config.SettingsResolver;
import io.agentdeck.config.SettingsStore;
import io.agentdeck.config.secrets.FileSecretStore;
import io.agentdeck.config.secrets.SecretStore;
import io.agentdeck.engine.AgentService;
import io.agentdeck.engine.ConversationService;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineStores;
import io.agentdeck.engine.InitializationGate;
import io.agentdeck.engine.KnowledgeService;
import io.agentdeck.engine.McpService;
import io.agentdeck.engine.MessageService;
import io.agentdeck.engine.TaskService;
import io.agentdeck.engine.ToolService;
import io.agentdeck.engine.WorkflowService;
import io.agentdeck.engine.account.AccountService;
import io.agentdeck.engine.agent.AgentRegistry;
import io.agentdeck.engine.approval.ApprovalService;
import io.agentdeck.engine.chat.ChatService;
import io.agentdeck.engine.chat.ConversationLocks;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.chat.Reply;
import io.agentdeck.engine.creator.AgentCreator;
import io.agentdeck.engine.creator.AgentSpecParser;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.event.NodeRelay;
import io.agentdeck.engine.knowledge.DocumentIngestion;
import io.agentdeck.engine.knowledge.DocumentPrivacy;
import io.agentdeck.engine.knowledge.Embeddings;
import io.agentdeck.engine.knowledge.HybridRetriever;
import io.agentdeck.engine.knowledge.MiniLmEmbeddingModel;
import io.agentdeck.engine.knowledge.index.OpenedOnFirstUse;
import io.agentdeck.engine.knowledge.index.PassageIndex;
import io.agentdeck.engine.knowledge.ingest.ParseLimits;
import io.agentdeck.engine.knowledge.ingest.StructuredSplitter;
import io.agentdeck.engine.knowledge.ingest.TikaDocumentParser;
import io.agentdeck.engine.llm.LlamaRuntime;
import io.agentdeck.engine.llm.LocalModels;
import io.agentdeck.engine.llm.MemoryCheck;
import io.agentdeck.engine.mcp.McpServers;
import io.agentdeck.engine.mcp.McpSettings;
import io.agentdeck.engine.model.ModelChoice;
import io.agentdeck.engine.model.ModelFactory;
import io.agentdeck.engine.model.ModelHolder;
import io.agentdeck.engine.model.ModelInvoker;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.engine.task.LocalTaskQueue;
import io.agentdeck.engine.task.TaskProcessor;
import io.agentdeck.engine.task.TaskQueue;
import io.agentdeck.engine.tool.AgentToolBox;
import io.agentdeck.engine.tool.BuiltinTools;
import io.agentdeck.engine.tool.Tool;
import io.agentdeck.engine.tool.ToolCatalog;
import io.agentdeck.engine.tool.ToolPolicies;
import io.agentdeck.engine.tool.Workspace;
import io.agentdeck.engine.turn.AgentTurn;
import io.agentdeck.engine.workflow.Orchestrator;
import io.agentdeck.persistence.Database;
import io.agentdeck.persistence.DatabaseConfig;
import io.agentdeck.persistence.HibernateAccountStore;
import io.agentdeck.persistence.HibernateAgentStore;
import io.agentdeck.persistence.HibernateApprovalStore;
import io.agentdeck.persistence.HibernateConversationStore;
import io.agentdeck.persistence.HibernateKnowledgeStore;
import io.agentdeck.persistence.HibernateMessageStore;
import io.agentdeck.persistence.HibernateTaskStore;
import io.agentdeck.persistence.HibernateToolPolicyStore;
import io.agentdeck.persistence.HibernateWorkflowStore;
import io.agentdeck.persistence.PostgresConversationLocks;
import io.agentdeck.persistence.PostgresNodeRelay;
import io.agentdeck.persistence.SharedTaskQueue;
import io.agentdeck.persistence.index.LucenePassageIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one composition root: builds database, engine and local API in order, and closes them in reverse. Both the
 * headless server and the desktop shell start from here; tests build one per data directory.
 */
public final class AppContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppContext.class);
    private static final int KNOWLEDGE_PASSAGES = 3;
    /** The in-process embedding model's vectors (all-MiniLM-L6-v2). */
    private static final int EMBEDDING_DIMENSIONS = 384;

    private static final int KNOWLEDGE_WORKERS = 2;

    /** The knowledge base's parts made before the engine: the on-disk index, the embedding model, its files. */
    private record KnowledgeParts(PassageIndex index, Embeddings embeddings, Path directory) {}
    /** Background tasks run four at a time; each waits on its agent's lane like any message. */
    private static final int TASK_WORKERS = 4;
    /** A tool call that runs longer is stopped, and the model told so. */
    private static final Duration TOOL_CALL_TIMEOUT = Duration.ofSeconds(60);
    /** A question to a person that nobody answers in this time is denied. */
    private static final Duration APPROVAL_TIMEOUT = Duration.ofMinutes(30);

    private final AppInfo appInfo;
    private final DataDirectory dataDirectory;
    private final EffectiveSettings settings;
    private final Map<String, String> env;
    private final CommandLineOptions commandLine;
    private final SettingsRepository settingsRepository;
    private final DatabaseConfig databaseConfig;
    private final Database database;
    private final Engine engine;
    private final LocalApi localApi;

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

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
        // A start that fails half-way closes what it opened: the database and the index keep their files locked.
        PassageIndex unownedIndex = null;
        try {
            closeables.push(DataDirectoryLock.acquire(dataDirectory));
            this.databaseConfig = databaseConfig(dataDirectory, env, settingsRepository);
            // A database server is shared by every node pointed at it; nothing else needs setting.
            boolean sharedDatabase = !databaseConfig.isEmbedded();
            this.database = Database.open(databaseConfig);
            closeables.push(database);
            var stores = new EngineStores(
                    new HibernateAgentStore(database.transactions()),
                    new HibernateConversationStore(database.transactions()),
                    new HibernateMessageStore(database.transactions()),
                    new HibernateTaskStore(database.transactions()),
                    new HibernateToolPolicyStore(database.transactions()),
                    new HibernateApprovalStore(database.transactions()),
                    new HibernateWorkflowStore(database.transactions()),
                    new HibernateKnowledgeStore(database.transactions()),
                    database);
            // Closed by the engine, after the workers that write to it.
            // Opened at the first search or change (OpenedOnFirstUse says why).
            var knowledgeIndex = new OpenedOnFirstUse(
                    () -> new LucenePassageIndex(dataDirectory.knowledgeDir().resolve("index"), EMBEDDING_DIMENSIONS));
            unownedIndex = knowledgeIndex;
            var knowledge = new KnowledgeParts(
                    knowledgeIndex, new Embeddings(MiniLmEmbeddingModel::new), dataDirectory.knowledgeDir());
            // Closed after the engine, so that turns are cancelled before their MCP servers go away.
            var mcpServers = new McpServers(dataDirectory.mcpConfigFile(), McpSettings.defaults(appInfo.version()));
            closeables.push(mcpServers);
            Optional<AccountService> accounts = accountsOf(databaseConfig, database);
            // Closed after the engine, whose turns let go of what they hold.
            ConversationLocks conversationLocks =
                    sharedDatabase ? new PostgresConversationLocks(databaseConfig) : ConversationLocks.NONE;
            closeables.push(conversationLocks);
            this.engine = assembleEngine(
                    stores,
                    settings.model(),
                    knowledge,
                    dataDirectory.modelsDir(),
                    new Workspace(dataDirectory.workspaceDir()),
                    mcpServers,
                    this::rememberLocalModel,
                    sharedDatabase
                            ? new SharedTaskQueue(databaseConfig, SharedTaskQueue.nodeName(), TASK_WORKERS, database)
                            : new LocalTaskQueue(TASK_WORKERS),
                    conversationLocks,
                    accounts.<DocumentPrivacy>map(team -> team::documentsHiddenIn)
                            .orElse(DocumentPrivacy.NONE),
                    Clock.systemUTC());
            closeables.push(engine);
            unownedIndex = null;
            // Closed after the API, whose real-time hub speaks through it.
            NodeRelay relay =
                    sharedDatabase ? new PostgresNodeRelay(databaseConfig, SharedTaskQueue.nodeName()) : NodeRelay.NONE;
            closeables.push(relay);
            this.localApi = new LocalApi(
                    engine,
                    appInfo.version(),
                    settings.server(),
                    settings.api().rateLimit().map(limit -> new RateLimit(limit.burst(), limit.perSecond())),
                    this::loadToken,
                    SettingsResolver.allowedHosts(env),
                    new TeamMode(relay, accounts));
            // Closed first: requests stop before the engine cancels what runs.
            closeables.push(localApi);
            // Hibernate boots beside what comes before the first query (the knowledge index, the MCP servers' file,
            // the model's parts; the tool policies read in assembleEngine wait for it); a failed boot fails here.
            database.awaitReady();
            // In the background: a slow or broken server holds up neither the start nor the other servers.
            mcpServers.startAll();
        } catch (RuntimeException | Error e) {
            try {
                if (unownedIndex != null) {
                    unownedIndex.close();
                }
            } catch (RuntimeException indexFailure) {
                e.addSuppressed(indexFailure);
            } finally {
                close();
            }
            throw e;
        }
    }

    /**
     * Builds the engine from its parts: the model in use, the agents' lanes, the agent turn, the chat (admission,
     * storage, scheduling), the Creator, the task workers with the Driver's operator-task handler, the tools (built-in
     * ones and those of the connected MCP servers), the workflow orchestrator (a task type of its own), and the area
     * services the facade hands its calls to.
     */
    private static Engine assembleEngine(
            EngineStores stores,
            ModelSettings modelSettings,
            KnowledgeParts knowledge,
            Path modelsDir,
            Workspace workspace,
            McpServers mcpServers,
            ModelChoice modelChoice,
            TaskQueue taskQueue,
            ConversationLocks conversationLocks,
            DocumentPrivacy privacy,
            Clock clock) {
        InitializationGate gate = new InitializationGate();
        EventBus events = new EventBus();
        LocalModels localModels = new LocalModels(
                modelsDir,
                events,
                () -> HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(20))
                        .build(),
                clock);
        LlamaRuntime llama = new LlamaRuntime(
                localModels,
                limit -> new MemoryCheck(MemoryCheck::systemAvailableBytes, limit),
                modelsDir.resolve(".native"));
        ModelHolder model = new ModelHolder(new ModelFactory(Optional.of(llama)), modelSettings);
        AgentRegistry registry =
                new AgentRegistry(stores.agents(), () -> model.get().settings().effectiveMaxParallel());
        ModelInvoker invoker = new ModelInvoker(model);
        HybridRetriever retriever =
                new HybridRetriever(stores.knowledge(), knowledge.index(), knowledge.embeddings(), KNOWLEDGE_PASSAGES);
        ToolCatalog catalog = new ToolCatalog(BuiltinTools.create(workspace, retriever, clock));
        catalog.addSource(mcpServers::tools);
        ToolPolicies policies = new ToolPolicies(stores.toolPolicies());
        ApprovalService approvals = new ApprovalService(stores.approvals(), policies, events, clock, APPROVAL_TIMEOUT);
        AgentToolBox toolBox = new AgentToolBox(catalog, policies, approvals, TOOL_CALL_TIMEOUT);
        ChatService chat = new ChatService(
                registry,
                stores.conversations(),
                stores.messages(),
                invoker,
                new AgentTurn(invoker, retriever, toolBox, privacy),
                events,
                conversationLocks,
                clock);
        AgentCreator creator = new AgentCreator(
                chat,
                stores.agents(),
                new AgentSpecParser(new ObjectMapper()),
                events,
                clock,
                () -> catalog.all().stream().map(Tool::info).toList());
        TaskProcessor tasks = new TaskProcessor(stores.tasks(), events, clock, taskQueue);
        tasks.registerHandler(TaskService.OPERATOR_TASK, (task, control) -> {
            CompletableFuture<Reply> reply =
                    chat.send(MessageRequest.of(task.agentId(), task.input()).forTask(task.id()), Optional.empty());
            control.onCancel(() -> reply.cancel(true));
            return reply.join().text();
        });
        AgentService agents =
                new AgentService(gate, stores.agents(), stores.messages(), registry, creator, chat, events, clock);
        ConversationService conversations = new ConversationService(gate, stores.conversations(), agents);
        Engine.Areas areas = new Engine.Areas(
                agents,
                conversations,
                new MessageService(gate, chat, stores.messages(), conversations),
                new TaskService(gate, tasks, stores.tasks(), invoker),
                new ToolService(gate, catalog, policies, approvals, registry, stores.messages(), toolBox),
                new McpService(mcpServers),
                new WorkflowService(
                        gate,
                        tasks,
                        stores.workflows(),
                        new Orchestrator(
                                chat,
                                stores.conversations(),
                                stores.agents(),
                                creator,
                                approvals,
                                stores.workflows(),
                                events,
                                clock),
                        invoker,
                        clock),
                new KnowledgeService(
                        gate,
                        stores.knowledge(),
                        knowledge.index(),
                        new DocumentIngestion(
                                stores.knowledge(),
                                knowledge.index(),
                                new TikaDocumentParser(),
                                new StructuredSplitter()::split,
                                knowledge.embeddings(),
                                ParseLimits.DEFAULTS,
                                events,
                                clock),
                        retriever,
                        knowledge.directory(),
                        ParseLimits.DEFAULTS,
                        events,
                        clock,
                        KNOWLEDGE_WORKERS),
                localModels,
                llama);
        return new Engine(gate, events, stores, model, registry, tasks, areas, modelChoice);
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

    /**
     * The H2 file in the data directory, unless {@code AGENTDECK_DATABASE_URL} or {@code settings.json} name a
     * database server (server mode, docs/server-mode.md). Its password comes from {@code AGENTDECK_DATABASE_PASSWORD},
     * else the keychain entry {@code database-password}, else the URL.
     */
    static DatabaseConfig databaseConfig(
            DataDirectory dataDirectory, Map<String, String> env, SettingsRepository settings) {
        Settings stored;
        try {
            stored = settings.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read settings.json: " + e.getMessage(), e);
        }
        DatabaseSettings database = SettingsResolver.resolveDatabase(stored.database(), env);
        if (database.isEmbedded()) {
            return DatabaseConfig.h2File(dataDirectory.databasePath());
        }
        Optional<String> password = database.password();
        if (password.isEmpty()) {
            try {
                password = settings.secrets().read(SecretStore.DATABASE_PASSWORD);
            } catch (IOException e) {
                LOG.warn(
                        "Cannot read the database password from {}: {}",
                        settings.secrets().description(),
                        e.getMessage());
            }
        }
        DatabaseConfig config = DatabaseConfig.fromUrl(database.url().orElseThrow(), database.user(), password);
        LOG.info("Using the database {}", config.location());
        return config;
    }

    /** A team's server (a database server, not the desktop's H2 file) has user accounts besides its own token. */
    static Optional<AccountService> accountsOf(DatabaseConfig config, Database database) {
        if (config.isEmbedded()) {
            return Optional.empty();
        }
        return Optional.of(new AccountService(
                new HibernateAccountStore(database.transactions()), Clock.systemUTC(), new SecureRandom()));
    }

    /** Where the data is kept, for the dashboard: the H2 file or the database server (never its password). */
    public String databaseLocation() {
        return databaseConfig.location();
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

    /** Writes a local model chosen over the API into the settings file; the rest of the file stays as it is. */
    private void rememberLocalModel(String modelId) {
        try {
            Settings stored = settingsRepository.load();
            settingsRepository.save(stored.withModel(stored.model().withLocalModel(modelId)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the chosen model in the settings: " + e.getMessage(), e);
        }
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

    /** Builds the local API for the configured address without listening; see {@link LocalApi#prepare()}. */
    public void prepareApi() {
        localApi.prepare();
    }

    /** Starts the local API on the configured host and port; returns the bound port. */
    public int startApi() {
        return localApi.start();
    }

    /** Starts the local API on the given address with the configured rate limit; port 0 picks a free port. */
    public int startApiOn(String host, int port) {
        return localApi.startOn(host, port, localApi.rateLimit());
    }

    /** As {@link #startApiOn(String, int)} with this rate limit, whatever is configured. */
    public int startApiOn(String host, int port, RateLimit rateLimit) {
        return localApi.startOn(host, port, Optional.of(rateLimit));
    }

    /** As {@link #startApiOn(String, int)} with a given rate limit per client, or none. */
    public int startApiOn(String host, int port, Optional<RateLimit> rateLimit) {
        return localApi.startOn(host, port, rateLimit);
    }

    /** The server settings the local API runs with, or last tried to start with. */
    public ServerSettings apiServer() {
        return localApi.server();
    }

    /** Moves the local API to other server settings at once; see {@link LocalApi#restart(ServerSettings)}. */
    public int restartApi(ServerSettings server) {
        return localApi.restart(server);
    }

    private ApiToken loadToken() {
        return ApiToken.loadOrCreate(dataDirectory.root(), Optional.ofNullable(env.get(ApiToken.ENV_OVERRIDE)));
    }

    /** The API token, when authentication is on; for the Settings page and for local clients. */
    public Optional<ApiToken> apiToken() {
        return localApi.token();
    }

    public Optional<Integer> apiPort() {
        return localApi.port();
    }

    /** The address local clients use; a wildcard bind is shown as the loopback address. */
    public Optional<String> apiUrl() {
        return localApi.url();
    }

    /** Clients connected over /ws and Socket.IO; 0 while the API is not running. */
    public int realtimeClientCount() {
        return localApi.realtimeClientCount();
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
