package io.agentdeck.engine;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentLiveStatus;
import io.agentdeck.engine.agent.AgentRegistry;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.chat.AgentStats;
import io.agentdeck.engine.chat.Completion;
import io.agentdeck.engine.chat.Conversation;
import io.agentdeck.engine.chat.MessagePage;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.chat.Reply;
import io.agentdeck.engine.chat.ReplyLatency;
import io.agentdeck.engine.creator.AgentCreator.AgentRequest;
import io.agentdeck.engine.creator.AgentSpec;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.knowledge.KnowledgeStats;
import io.agentdeck.engine.llm.LlamaRuntime;
import io.agentdeck.engine.llm.LocalModels;
import io.agentdeck.engine.model.ModelChoice;
import io.agentdeck.engine.model.ModelHolder;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.engine.model.ModelStatus;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskProcessor;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.engine.task.TaskTally;
import io.agentdeck.engine.turn.ChatTurn;
import io.agentdeck.engine.turn.TokenListener;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade the desktop shell and the local API both call: the seed's "agent service". It owns the engine's life
 * (initialize, status, model changes, close) and hands every other call to the area service it belongs to; the
 * composition root builds those. Everything but {@link #initialize()}, {@link #status()} and {@link #events()} needs
 * the engine initialized first.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** The area services, each built over the stores and parts it needs. */
    public record Areas(
            AgentService agents,
            ConversationService conversations,
            MessageService messages,
            TaskService tasks,
            ToolService tools,
            McpService mcp,
            WorkflowService workflows,
            KnowledgeService knowledge,
            LocalModels models,
            LlamaRuntime llama) {}

    private static final Duration FOLLOW_OTHER_NODES = Duration.ofSeconds(2);

    private volatile Thread follower;
    private final InitializationGate gate;
    private final EventBus events;
    private final EngineStores stores;
    private final ModelHolder model;
    private final KnowledgeService knowledge;
    private final LocalModels models;
    private final LlamaRuntime llama;
    private final ModelChoice modelChoice;
    private final AgentRegistry registry;
    private final TaskProcessor taskProcessor;
    private final AgentService agents;
    private final ConversationService conversations;
    private final MessageService messages;
    private final ToolService tools;
    private final McpService mcp;
    private final TaskService tasks;
    private final WorkflowService workflows;

    public Engine(
            InitializationGate gate,
            EventBus events,
            EngineStores stores,
            ModelHolder model,
            AgentRegistry registry,
            TaskProcessor taskProcessor,
            Areas areas,
            ModelChoice modelChoice) {
        this.gate = gate;
        this.events = events;
        this.stores = stores;
        this.model = model;
        this.knowledge = areas.knowledge();
        this.models = areas.models();
        this.llama = areas.llama();
        this.registry = registry;
        this.taskProcessor = taskProcessor;
        this.modelChoice = modelChoice;
        this.agents = areas.agents();
        this.conversations = areas.conversations();
        this.messages = areas.messages();
        this.tasks = areas.tasks();
        this.tools = areas.tools();
        this.mcp = areas.mcp();
        this.workflows = areas.workflows();
    }

    /** The tools area: the tool catalog, policies, the agents' tools and approvals. */
    public ToolService tools() {
        return tools;
    }

    /** The knowledge area: collections, documents, indexing, search, and what each agent reads. */
    public KnowledgeService knowledge() {
        return knowledge;
    }

    /** The models folder: GGUF files for the in-process model, added from disk or downloaded. */
    public LocalModels models() {
        return models;
    }

    /** The workflows area: goals the Driver plans and the team carries out, step by step. */
    public WorkflowService workflows() {
        return workflows;
    }

    /** The MCP area: the servers of mcp.json, their status, and changing them. */
    public McpService mcp() {
        return mcp;
    }

    public EventBus events() {
        return events;
    }

    /**
     * Seeds the core agents, readies the knowledge base (its index's check when it opens, AgentDeck's guide,
     * documents left queued) and starts the task processor; safe to call again.
     */
    public synchronized InitResult initialize() {
        if (!gate.isOpen()) {
            long started = System.nanoTime();
            // The knowledge base (the guide's files compared, documents left queued) needs nothing
            // of the agents or the workflows. Both are mostly CPU (Hibernate translating first queries), so on two
            // cores they run side by side; the knowledge base is ready before the workers start, whose turns search it.
            CompletableFuture<Void> knowledgeReady = CompletableFuture.runAsync(
                    () -> {
                        knowledge.start();
                        if (taskProcessor.shared()) {
                            knowledge.followStore();
                        }
                    },
                    task -> Thread.ofPlatform().name("knowledge-start").start(task));
            try {
                CoreAgents.all().forEach(core -> stores.agents().saveWithId(core.id(), core.definition()));
                // Before the workers start, so that a re-queued workflow task is not taken for an interrupted run.
                // Joining other nodes on the database, what looks unfinished may be running on one of them: the job
                // engine gives the work of a node that died to another, so nothing is marked interrupted here.
                if (taskProcessor.startedAlone()) {
                    workflows.recover();
                }
            } catch (RuntimeException | Error e) {
                // This failure is the one reported, with the knowledge base's if it failed too; the knowledge base's
                // start is waited for either way, so that nothing of it runs on while the caller closes the engine.
                try {
                    Joined.join(knowledgeReady);
                } catch (RuntimeException | Error knowledgeFailure) {
                    e.addSuppressed(knowledgeFailure);
                }
                throw e;
            }
            Joined.join(knowledgeReady);
            taskProcessor.start();
            if (taskProcessor.startedAlone()) {
                tools.reportInterruptedTurns();
            }
            taskProcessor.recoveryDone();
            if (taskProcessor.shared()) {
                follower = Thread.ofVirtual().name("other-nodes-follower").start(this::followOtherNodes);
            }
            gate.open();
            LOG.info("Engine initialized in {} ms", (System.nanoTime() - started) / 1_000_000);
        }
        return new InitResult(stores.agents().findAll(), knowledge.stats());
    }

    /**
     * With several nodes on one database, what each node keeps in memory from it follows the others' changes: the
     * knowledge index (documents added, changed or removed elsewhere) and the tool policies, every few seconds.
     */
    private void followOtherNodes() {
        while (true) {
            try {
                Thread.sleep(FOLLOW_OTHER_NODES);
            } catch (InterruptedException e) {
                return;
            }
            try {
                knowledge.followStore();
                tools.reloadPolicies();
            } catch (RuntimeException e) {
                // The database did not answer, or the index is closing: the next round tries again.
                LOG.debug("Could not follow the other nodes' changes: {}", e.toString());
            }
        }
    }

    private void stopFollowing() {
        Thread running = follower;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isInitialized() {
        return gate.isOpen();
    }

    public SystemStatus status() {
        return new SystemStatus(
                gate.isOpen(), stores.health().isConnected(), model.get().status());
    }

    public KnowledgeStats knowledgeStats() {
        return knowledge.stats();
    }

    /** Applies new model settings to every later call; calls in flight finish with the old ones. */
    public void reconfigureModel(ModelSettings settings) {
        model.reconfigure(settings);
        LOG.info("Model reconfigured: {}", settings);
    }

    /** The model settings in use now (after the environment and the last change). */
    public ModelSettings modelSettings() {
        return model.get().settings();
    }

    /**
     * Makes the model file {@code id} of the models folder the model every agent uses, and remembers the choice for
     * the next start. A model that cannot run (too large for the memory, refused by llama.cpp) is refused with the
     * reason, and the model in use before stays.
     */
    public ModelSettings activateLocalModel(String id) {
        models.get(id);
        ModelSettings previous = model.get().settings();
        ModelSettings chosen = previous.withLocalModel(id);
        model.reconfigure(chosen);
        ModelStatus status = model.get().status();
        if (!status.ready()) {
            model.reconfigure(previous);
            throw EngineException.invalid(status.missing().orElse("The model " + id + " cannot run."));
        }
        modelChoice.rememberLocal(id);
        LOG.info("Local model {} activated", id);
        return chosen;
    }

    /** The id of the model file every agent uses, when the provider is {@code local}. */
    public Optional<String> activeLocalModel() {
        ModelSettings inUse = model.get().settings();
        return ModelSettings.PROVIDER_LOCAL.equals(inUse.provider())
                ? Optional.of(inUse.modelName())
                : Optional.empty();
    }

    /**
     * Deletes a model file of the models folder, or stops its download. The model in use is refused: the agents would
     * be left without one; another is activated (or another provider chosen) first.
     */
    public void deleteLocalModel(String id) {
        if (activeLocalModel().filter(id::equals).isPresent()) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    "The model " + id + " is the one the agents use; use another model first, then delete it.");
        }
        models.delete(id);
    }

    // Agents (AgentService)

    public List<Agent> agents() {
        return agents.all();
    }

    public Agent agent(long agentId) {
        return agents.require(agentId);
    }

    public AgentStats agentStats(long agentId) {
        return agents.stats(agentId);
    }

    /** The agent's latest {@code limit} timed replies, oldest first. */
    public List<ReplyLatency> recentReplyLatencies(long agentId, int limit) {
        return agents.recentReplyLatencies(agentId, limit);
    }

    public AgentLiveStatus agentStatus(long agentId) {
        return agents.status(agentId);
    }

    /** See {@link AgentService#setMaxParallel}. */
    public Agent setAgentMaxParallel(long agentId, Optional<Integer> limit) {
        return agents.setMaxParallel(agentId, limit);
    }

    public int agentMaxParallel(long agentId) {
        return agents.maxParallel(agentId);
    }

    public AgentSpec designAgent(AgentRequest request) {
        return agents.design(request);
    }

    public Agent createAgent(AgentSpec spec, AgentRequest request) {
        return agents.create(spec, request);
    }

    public Agent createDynamicAgent(AgentRequest request) {
        return agents.createDynamic(request);
    }

    /** Deletes a dynamic agent with its threads; the core agents cannot be deleted. */
    public void deleteAgent(long agentId) {
        agents.delete(agentId);
    }

    /** Stops the agent's running generation and its queued messages; returns how many were stopped. */
    public int cancel(long agentId) {
        return agents.cancel(agentId);
    }

    // Messages (MessageService)

    public CompletableFuture<Reply> sendMessageAsync(MessageRequest request, Optional<TokenListener> listener) {
        return messages.sendAsync(request, listener);
    }

    /** Blocks until the reply is there; failures arrive as {@link EngineException}. */
    public Reply sendMessage(MessageRequest request) {
        return messages.send(request, Optional.empty());
    }

    public Reply sendMessageStreaming(MessageRequest request, TokenListener listener) {
        return messages.send(request, Optional.of(listener));
    }

    /** See {@link MessageService#completeAsync}. */
    public CompletableFuture<Completion> completeStateless(
            long agentId, List<ChatTurn> turns, Optional<TokenListener> listener) {
        return messages.completeAsync(agentId, turns, listener);
    }

    /** Blocks until the completion is there; failures arrive as {@link EngineException}. */
    public Completion completeStateless(long agentId, List<ChatTurn> turns) {
        return messages.complete(agentId, turns);
    }

    public MessagePage history(long agentId, Optional<Long> conversationId, Optional<Long> beforeId, int limit) {
        return messages.history(agentId, conversationId, beforeId, limit);
    }

    /** See {@link MessageService#countMatches}. */
    public long countMatches(long agentId, Optional<Long> conversationId, Optional<Long> beforeId, String text) {
        return messages.countMatches(agentId, conversationId, beforeId, text);
    }

    // Conversations (ConversationService)

    public List<Conversation> conversations(long agentId) {
        return conversations.of(agentId);
    }

    public Conversation createConversation(long agentId, String title) {
        return conversations.create(agentId, title);
    }

    public Conversation renameConversation(long conversationId, String title) {
        return conversations.rename(conversationId, title);
    }

    public void deleteConversation(long conversationId) {
        conversations.delete(conversationId);
    }

    public Conversation conversation(long conversationId) {
        return conversations.require(conversationId);
    }

    // Tasks (TaskService)

    /** The seed's process_operator_task: queues the task for the Driver and returns at once. */
    public Task processOperatorTask(String task) {
        return tasks.submitOperatorTask(task);
    }

    /** Waits for a task to finish, up to {@code timeout}; on timeout the task keeps running. */
    public Task awaitTask(long taskId, Duration timeout) {
        return tasks.await(taskId, timeout);
    }

    /** Queues the task for the Driver and waits for it to finish, up to {@code timeout}. */
    public Task processOperatorTaskAndWait(String task, Duration timeout) {
        return tasks.submitOperatorTaskAndWait(task, timeout);
    }

    public List<Task> tasks(Optional<TaskStatus> status, int limit) {
        return tasks.list(status, limit);
    }

    /** How many tasks are in each status, with the unfinished ones, as of one moment. */
    public TaskTally taskTally() {
        return tasks.tally();
    }

    public Task task(long taskId) {
        return tasks.require(taskId);
    }

    public Task cancelTask(long taskId) {
        return tasks.cancel(taskId);
    }

    public TaskProcessor taskProcessor() {
        return taskProcessor;
    }

    /** Stops task workers (running tasks are cancelled) and agent lanes. */
    @Override
    public void close() {
        stopFollowing();
        // Before anything they wait on stops: runs under way stay unfinished rather than cancelled or failed, and the
        // next start reports them interrupted (alone) or another node takes them over (nodes sharing the database).
        taskProcessor.beginClosing();
        workflows.close();
        knowledge.close();
        models.close();
        // Turns waiting for a person stop without deciding, so their approvals stay pending over the restart.
        tools.close();
        taskProcessor.close();
        registry.close();
        // Last: no turn is generating any more, so the model is freed at once.
        llama.close();
    }
}
