package io.agentdeck.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentLiveStatus;
import io.agentdeck.engine.agent.AgentRegistry;
import io.agentdeck.engine.agent.AgentRuntime;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.chat.AgentStats;
import io.agentdeck.engine.chat.ChatService;
import io.agentdeck.engine.chat.Completion;
import io.agentdeck.engine.chat.Conversation;
import io.agentdeck.engine.chat.MessagePage;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.chat.Reply;
import io.agentdeck.engine.chat.ReplyLatency;
import io.agentdeck.engine.creator.AgentCreator;
import io.agentdeck.engine.creator.AgentCreator.AgentRequest;
import io.agentdeck.engine.creator.AgentSpec;
import io.agentdeck.engine.creator.AgentSpecParser;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.knowledge.KnowledgeBase;
import io.agentdeck.engine.knowledge.KnowledgeStats;
import io.agentdeck.engine.knowledge.SampleKnowledgePack;
import io.agentdeck.engine.model.ModelAccess;
import io.agentdeck.engine.model.ModelFactory;
import io.agentdeck.engine.model.ModelInvoker;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.engine.task.NewTask;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskProcessor;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.engine.task.TaskTally;
import io.agentdeck.engine.turn.AgentTurn;
import io.agentdeck.engine.turn.ChatTurn;
import io.agentdeck.engine.turn.TokenListener;
import io.agentdeck.engine.turn.ToolBox;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade the desktop shell and the local API both call: the seed's "agent service". Everything but
 * {@link #initialize()}, {@link #status()} and {@link #events()} needs the engine initialized first.
 */
public final class Engine implements AutoCloseable {
    public static final String OPERATOR_TASK = "operator_task";
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final int TASK_WORKERS = 4;

    private final EngineStores stores;
    private final Clock clock;
    private final EventBus events = new EventBus();
    private final ModelFactory modelFactory = new ModelFactory();
    private final AtomicReference<ModelAccess> model;
    private final KnowledgeBase knowledge;
    private final AgentRegistry registry;
    private final ChatService chat;
    private final AgentCreator creator;
    private final TaskProcessor tasks;
    private volatile boolean initialized;

    public Engine(EngineStores stores, ModelSettings modelSettings, KnowledgeBase knowledge, Clock clock) {
        this.stores = stores;
        this.clock = clock;
        this.knowledge = knowledge;
        this.model = new AtomicReference<>(modelFactory.create(modelSettings));
        this.registry =
                new AgentRegistry(stores.agents(), () -> model.get().settings().effectiveMaxParallel());
        ModelInvoker invoker = new ModelInvoker(model::get);
        this.chat = new ChatService(
                registry,
                stores.conversations(),
                stores.messages(),
                invoker,
                new AgentTurn(invoker, knowledge, ToolBox.NONE),
                events,
                clock);
        this.creator = new AgentCreator(chat, stores.agents(), new AgentSpecParser(new ObjectMapper()), events, clock);
        this.tasks = new TaskProcessor(stores.tasks(), events, clock, TASK_WORKERS);
        tasks.registerHandler(OPERATOR_TASK, (task, control) -> {
            CompletableFuture<Reply> reply =
                    chat.send(MessageRequest.of(task.agentId(), task.input()).forTask(task.id()), Optional.empty());
            control.onCancel(() -> reply.cancel(true));
            return reply.join().text();
        });
    }

    public EventBus events() {
        return events;
    }

    /** Seeds the core agents, loads the sample knowledge and starts the task processor; safe to call again. */
    public synchronized InitResult initialize() {
        if (!initialized) {
            long started = System.nanoTime();
            CoreAgents.all().forEach(core -> stores.agents().saveWithId(core.id(), core.definition()));
            new SampleKnowledgePack().loadInto(knowledge);
            tasks.start();
            initialized = true;
            LOG.info("Engine initialized in {} ms", (System.nanoTime() - started) / 1_000_000);
        }
        return new InitResult(stores.agents().findAll(), knowledge.stats());
    }

    public boolean isInitialized() {
        return initialized;
    }

    public SystemStatus status() {
        return new SystemStatus(
                initialized, stores.health().isConnected(), model.get().status());
    }

    public KnowledgeStats knowledgeStats() {
        return knowledge.stats();
    }

    /** Applies new model settings to every later call; calls in flight finish with the old ones. */
    public void reconfigureModel(ModelSettings settings) {
        model.set(modelFactory.create(settings));
        LOG.info("Model reconfigured: {}", settings);
    }

    // Agents

    public List<Agent> agents() {
        requireInitialized();
        return stores.agents().findAll();
    }

    public Agent agent(long agentId) {
        requireInitialized();
        return registry.require(agentId);
    }

    public AgentStats agentStats(long agentId) {
        requireInitialized();
        registry.require(agentId);
        return stores.messages().statsFor(agentId);
    }

    /** The agent's latest {@code limit} timed replies, oldest first. */
    public List<ReplyLatency> recentReplyLatencies(long agentId, int limit) {
        requireInitialized();
        registry.require(agentId);
        return stores.messages().recentReplyLatencies(agentId, limit);
    }

    public AgentLiveStatus agentStatus(long agentId) {
        Agent agent = agent(agentId);
        AgentRuntime runtime = registry.runtimeOf(agent);
        return new AgentLiveStatus(
                agent.id(),
                agent.name(),
                runtime.status(),
                runtime.currentTaskId(),
                runtime.lane().queueLength(),
                runtime.lastActiveAt());
    }

    /**
     * Sets how many replies the agent may generate at once (different threads; one thread is always answered in
     * order); empty returns it to the settings' default.
     */
    public Agent setAgentMaxParallel(long agentId, Optional<Integer> limit) {
        requireInitialized();
        try {
            return registry.setMaxParallel(agentId, limit);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage() + ".");
        }
    }

    /** How many replies the agent may generate at once now: its own limit, else the settings' default. */
    public int agentMaxParallel(long agentId) {
        agent(agentId);
        return registry.maxParallelOf(agentId);
    }

    public AgentSpec designAgent(AgentRequest request) {
        requireInitialized();
        return creator.design(request);
    }

    public Agent createAgent(AgentSpec spec, AgentRequest request) {
        requireInitialized();
        return creator.create(spec, request);
    }

    public Agent createDynamicAgent(AgentRequest request) {
        requireInitialized();
        return creator.createDynamicAgent(request);
    }

    /** Deletes a dynamic agent with its threads; the core agents cannot be deleted. */
    public void deleteAgent(long agentId) {
        Agent agent = agent(agentId);
        if (agent.type().isCore()) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    agent.name() + " is a core agent and cannot be deleted.",
                    "Only agents made by the Creator can be deleted.",
                    null);
        }
        stores.agents().delete(agentId);
        registry.retire(agentId);
        events.publish(new EngineEvent.AgentDeleted(agentId, clock.instant()));
    }

    /** Stops the agent's running generation and its queued messages; returns how many were stopped. */
    public int cancel(long agentId) {
        requireInitialized();
        return chat.cancel(agentId);
    }

    // Messages

    public CompletableFuture<Reply> sendMessageAsync(MessageRequest request, Optional<TokenListener> listener) {
        requireInitialized();
        return chat.send(request, listener);
    }

    /** Blocks until the reply is there; failures arrive as {@link EngineException}. */
    public Reply sendMessage(MessageRequest request) {
        return join(sendMessageAsync(request, Optional.empty()));
    }

    public Reply sendMessageStreaming(MessageRequest request, TokenListener listener) {
        return join(sendMessageAsync(request, Optional.of(listener)));
    }

    /**
     * Answers as the agent over the caller's turns, queued in its lane like any message (so it shows busy and idle),
     * but stateless: no history, memory or error entry is written. Validation, an unknown agent and a missing model
     * fail at once; the rest arrives through the future as an {@link EngineException}.
     */
    public CompletableFuture<Completion> completeStateless(
            long agentId, List<ChatTurn> turns, Optional<TokenListener> listener) {
        requireInitialized();
        return chat.complete(agentId, turns, listener);
    }

    /** Blocks until the completion is there; failures arrive as {@link EngineException}. */
    public Completion completeStateless(long agentId, List<ChatTurn> turns) {
        return join(completeStateless(agentId, turns, Optional.empty()));
    }

    public MessagePage history(long agentId, Optional<Long> conversationId, Optional<Long> beforeId, int limit) {
        Agent agent = agent(agentId);
        Conversation conversation = chat.conversationFor(agent, conversationId);
        return stores.messages().page(agent.id(), Optional.of(conversation.id()), beforeId, limit);
    }

    /**
     * How many messages of the thread with ids below {@code beforeId} contain {@code text}, ignoring case; a blank
     * text matches nothing.
     */
    public long countMatches(long agentId, Optional<Long> conversationId, Optional<Long> beforeId, String text) {
        Agent agent = agent(agentId);
        Conversation conversation = chat.conversationFor(agent, conversationId);
        return text.isBlank() ? 0 : stores.messages().countContaining(conversation.id(), beforeId, text);
    }

    // Conversations

    public List<Conversation> conversations(long agentId) {
        Agent agent = agent(agentId);
        stores.conversations().defaultFor(agent.id());
        return stores.conversations().findByAgent(agent.id());
    }

    public Conversation createConversation(long agentId, String title) {
        Agent agent = agent(agentId);
        return stores.conversations().create(agent.id(), validTitle(title));
    }

    public Conversation renameConversation(long conversationId, String title) {
        requireInitialized();
        conversation(conversationId);
        return stores.conversations().rename(conversationId, validTitle(title));
    }

    public void deleteConversation(long conversationId) {
        requireInitialized();
        if (conversation(conversationId).isDefault()) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    "The default conversation cannot be deleted.",
                    "Delete a named thread instead.",
                    null);
        }
        stores.conversations().delete(conversationId);
    }

    public Conversation conversation(long conversationId) {
        requireInitialized();
        return stores.conversations()
                .findById(conversationId)
                .orElseThrow(() -> EngineException.notFound("No conversation with id " + conversationId + "."));
    }

    // Tasks

    /** The seed's process_operator_task: queues the task for the Driver and returns at once. */
    public Task processOperatorTask(String task) {
        requireInitialized();
        return tasks.submit(operatorTask(task), Optional.empty());
    }

    /** Queues the task for the Driver and waits for it to finish, up to {@code timeout}. */
    public Task processOperatorTaskAndWait(String task, Duration timeout) {
        requireInitialized();
        return tasks.submitAndWait(operatorTask(task), timeout);
    }

    public List<Task> tasks(Optional<TaskStatus> status, int limit) {
        requireInitialized();
        return tasks.list(status, limit);
    }

    /** How many tasks are in each status, with the unfinished ones, as of one moment. */
    public TaskTally taskTally() {
        requireInitialized();
        return stores.tasks().tally();
    }

    public Task task(long taskId) {
        requireInitialized();
        return tasks.find(taskId).orElseThrow(() -> EngineException.notFound("No task with id " + taskId + "."));
    }

    public Task cancelTask(long taskId) {
        requireInitialized();
        return tasks.cancel(taskId);
    }

    public TaskProcessor taskProcessor() {
        return tasks;
    }

    private NewTask operatorTask(String task) {
        String input = validTaskText(task);
        model.get()
                .chat()
                .orElseThrow(() -> new EngineException(
                        ErrorKind.NO_MODEL_CONFIGURED,
                        "No model provider is configured: "
                                + model.get().status().missing().orElse("no model") + ".",
                        ErrorKind.NO_MODEL_CONFIGURED.defaultHint(),
                        null));
        return new NewTask(OPERATOR_TASK, CoreAgents.DRIVER_ID, input);
    }

    private static String validTaskText(String task) {
        if (task == null || task.isBlank()) {
            throw EngineException.invalid("The task must not be empty.");
        }
        if (task.length() > ChatService.MAX_MESSAGE_CHARS) {
            throw EngineException.invalid("The task is " + task.length() + " characters long; the limit is "
                    + ChatService.MAX_MESSAGE_CHARS + ".");
        }
        return task;
    }

    private static String validTitle(String title) {
        if (title == null || title.isBlank()) {
            throw EngineException.invalid("'title' must not be empty.");
        }
        if (title.strip().length() > 200) {
            throw EngineException.invalid("'title' must be at most 200 characters.");
        }
        return title.strip();
    }

    private void requireInitialized() {
        if (!initialized) {
            throw new EngineException(ErrorKind.NOT_INITIALIZED, "The agent system is not initialized.");
        }
    }

    private static <T> T join(CompletableFuture<T> reply) {
        try {
            return reply.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof EngineException engineException) {
                throw engineException;
            }
            throw e;
        } catch (java.util.concurrent.CancellationException e) {
            throw new EngineException(ErrorKind.CANCELLED, "The message was cancelled.");
        }
    }

    /** Stops task workers (running tasks are cancelled) and agent lanes. */
    @Override
    public void close() {
        tasks.close();
        registry.close();
    }
}
