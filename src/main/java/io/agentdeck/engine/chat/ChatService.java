package io.agentdeck.engine.chat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentRegistry;
import io.agentdeck.engine.agent.AgentRuntime;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.model.Generation;
import io.agentdeck.engine.model.ModelInvoker;
import io.agentdeck.engine.store.ConversationStore;
import io.agentdeck.engine.store.MessageStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages to agents. The user's message is committed before anything else happens, the work then waits its
 * turn in the agent's lane, and whatever the model does the agent ends idle and the outcome is stored and published.
 */
public final class ChatService {
    public static final int MAX_MESSAGE_CHARS = 32_000;
    /** Earlier questions and answers of the thread that the model sees with a new message: the last 20 turns. */
    private static final int REMEMBERED_EXCHANGES = 20;

    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);

    private final AgentRegistry agents;
    private final ConversationStore conversations;
    private final Map<Long, Long> defaultThreads = new ConcurrentHashMap<>();
    private final MessageStore messages;
    private final ModelInvoker model;
    private final PromptBuilder prompts;
    private final EventBus events;
    private final Clock clock;

    public ChatService(
            AgentRegistry agents,
            ConversationStore conversations,
            MessageStore messages,
            ModelInvoker model,
            PromptBuilder prompts,
            EventBus events,
            Clock clock) {
        this.agents = agents;
        this.conversations = conversations;
        this.messages = messages;
        this.model = model;
        this.prompts = prompts;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Stores the message and queues it for the agent. The future completes with the reply, or with an
     * {@link EngineException} that says what went wrong. With a listener the reply is streamed token by token.
     */
    public CompletableFuture<Reply> send(MessageRequest request, Optional<TokenListener> listener) {
        String text = validated(request.text());
        Agent agent = agents.require(request.agentId());
        model.requireReady();
        // A named thread is not looked up: storing the question checks that it exists and belongs to the agent.
        long conversationId = request.conversationId().orElseGet(() -> defaultThreadOf(agent));
        AgentRuntime runtime = agents.runtimeOf(agent);
        Generation generation = new Generation();
        CompletableFuture<Reply> reply;
        // Commit and enqueue together, so the lane answers a thread's messages in the order its history shows them.
        synchronized (runtime.admission(conversationId)) {
            Message userMessage = messages.append(NewMessage.of(agent.id(), conversationId, MessageRole.USER, text));
            reply = runtime.lane()
                    .submit(
                            Optional.of(conversationId),
                            () -> generate(agent, runtime, userMessage, request, listener, generation),
                            generation::cancel);
        }
        cancelsGeneration(reply, generation);
        return reply;
    }

    /**
     * Answers as the agent over turns the caller supplies, waiting its turn in the agent's lane like any message but
     * storing nothing: no history, no memory, no error entry. The caller's system turns follow the agent's own system
     * prompt; the last user turn is the question and the turns before it are the conversation so far.
     */
    public CompletableFuture<Completion> complete(
            long agentId, List<ChatTurn> turns, Optional<TokenListener> listener) {
        int question = questionIndex(turns);
        List<ChatTurn> conversation = List.copyOf(turns);
        Agent agent = agents.require(agentId);
        model.requireReady();
        AgentRuntime runtime = agents.runtimeOf(agent);
        Generation generation = new Generation();
        CompletableFuture<Completion> completion = runtime.lane()
                .submit(
                        () -> working(
                                agent,
                                runtime,
                                Optional.empty(),
                                () -> completeNow(agent, conversation, question, listener, generation),
                                failure -> reportFailure(agent, runtime, Optional.empty(), failure)),
                        generation::cancel);
        cancelsGeneration(completion, generation);
        return completion;
    }

    /** Cancelling the returned future (a cancelled task, a closed client) stops the generation too. */
    private static void cancelsGeneration(CompletableFuture<?> future, Generation generation) {
        future.whenComplete((ignored, failure) -> {
            if (failure instanceof java.util.concurrent.CancellationException) {
                generation.cancel();
            }
        });
    }

    /** Cancels the agent's running generation and drops its queued messages; returns how many were stopped. */
    public int cancel(long agentId) {
        Agent agent = agents.require(agentId);
        return agents.runtimeOf(agent).lane().cancelAll();
    }

    /** The agent's default thread, looked up once: it is created with the agent and cannot be deleted. */
    private long defaultThreadOf(Agent agent) {
        Long known = defaultThreads.get(agent.id());
        if (known != null) {
            return known;
        }
        long id = conversations.defaultFor(agent.id()).id();
        defaultThreads.put(agent.id(), id);
        return id;
    }

    public Conversation conversationFor(Agent agent, Optional<Long> conversationId) {
        if (conversationId.isEmpty()) {
            return conversations.defaultFor(agent.id());
        }
        return conversations
                .findById(conversationId.get())
                .filter(conversation -> conversation.agentId() == agent.id())
                .orElseThrow(() -> EngineException.notFound(
                        "Agent " + agent.id() + " has no conversation with id " + conversationId.get() + "."));
    }

    private Reply generate(
            Agent agent,
            AgentRuntime runtime,
            Message userMessage,
            MessageRequest request,
            Optional<TokenListener> listener,
            Generation generation) {
        return working(
                agent,
                runtime,
                request.taskId(),
                () -> answer(agent, userMessage, request, listener, generation),
                failure -> recordFailure(agent, runtime, userMessage, request, failure));
    }

    private Reply answer(
            Agent agent,
            Message userMessage,
            MessageRequest request,
            Optional<TokenListener> listener,
            Generation generation) {
        long started = System.nanoTime();
        ChatRequest chatRequest =
                prompts.build(agent, remembered(userMessage), userMessage.content(), request.responseFormat());
        ChatResponse response =
                call(chatRequest, generation, listener.map(l -> streamTo(agent, userMessage, request, l)));
        String answer = textOf(response);
        Usage usage = usageOf(response.tokenUsage());
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        Message reply = messages.append(NewMessage.replyTo(userMessage, answer, usage, durationMs));
        events.publish(new EngineEvent.ResponseCompleted(
                agent.id(), agent.name(), reply, userMessage.id(), request.requestId(), clock.instant()));
        return new Reply(agent, userMessage, reply, usage, durationMs);
    }

    private Completion completeNow(
            Agent agent, List<ChatTurn> turns, int question, Optional<TokenListener> listener, Generation generation) {
        long started = System.nanoTime();
        ChatRequest request = statelessRequest(agent, turns, question);
        ChatResponse response = call(request, generation, listener.map(ChatService::numbered));
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        return new Completion(
                agent,
                textOf(response),
                usageOf(response.tokenUsage()),
                durationMs,
                response.finishReason() == FinishReason.LENGTH);
    }

    /**
     * The lane's part of every call: the generation counts as running while the work runs and ends whatever happened
     * (the agent is idle once none runs), and a failure is explained and handed to {@code onFailure} before it is
     * rethrown. The status is published before the caller's future completes, so a client that has its reply also
     * sees the agent's new status.
     */
    private <T> T working(
            Agent agent,
            AgentRuntime runtime,
            Optional<Long> taskId,
            Supplier<T> work,
            Consumer<EngineException> onFailure) {
        runtime.busy(taskId, clock.instant());
        publishStatus(agent, runtime);
        try {
            return work.get();
        } catch (RuntimeException failure) {
            EngineException explained = explain(failure);
            onFailure.accept(explained);
            throw explained;
        } finally {
            runtime.idle(clock.instant());
            publishStatus(agent, runtime);
        }
    }

    private ChatResponse call(ChatRequest request, Generation generation, Optional<Consumer<String>> onToken) {
        return onToken.isPresent() ? model.stream(request, generation, onToken.get()) : model.chat(request, generation);
    }

    private static String textOf(ChatResponse response) {
        return Optional.ofNullable(response.aiMessage().text()).orElse("");
    }

    private static Consumer<String> numbered(TokenListener listener) {
        AtomicInteger seq = new AtomicInteger();
        return delta -> listener.onToken(seq.getAndIncrement(), delta);
    }

    /** The agent's own prompt (with knowledge for the question), the caller's system turns, the earlier turns. */
    private ChatRequest statelessRequest(Agent agent, List<ChatTurn> turns, int question) {
        List<ChatMessage> history = new ArrayList<>();
        for (ChatTurn turn : turns.subList(0, question)) {
            switch (turn.role()) {
                case USER -> history.add(UserMessage.from(turn.content()));
                case ASSISTANT -> history.add(AiMessage.from(turn.content()));
                case SYSTEM -> {}
            }
        }
        ChatRequest request = prompts.build(agent, history, turns.get(question).content(), Optional.empty());
        String callerSystem = turns.stream()
                .filter(turn ->
                        turn.role() == ChatTurn.Role.SYSTEM && !turn.content().isBlank())
                .map(turn -> turn.content().strip())
                .collect(Collectors.joining("\n\n"));
        if (callerSystem.isEmpty()) {
            return request;
        }
        // One system message rather than several: many local models' chat templates accept only one.
        List<ChatMessage> messages = new ArrayList<>(request.messages());
        if (messages.getFirst() instanceof SystemMessage own) {
            messages.set(0, SystemMessage.from(own.text() + "\n\n" + callerSystem));
        } else {
            messages.addFirst(SystemMessage.from(callerSystem));
        }
        return ChatRequest.builder().messages(messages).build();
    }

    /** Where the question (the last user turn) is; every turn is checked before anything is queued. */
    private static int questionIndex(List<ChatTurn> turns) {
        if (turns.isEmpty()) {
            throw EngineException.invalid("The conversation must contain at least one message.");
        }
        int question = -1;
        for (int i = 0; i < turns.size(); i++) {
            ChatTurn turn = turns.get(i);
            if (turn.content().length() > MAX_MESSAGE_CHARS) {
                throw EngineException.invalid("Message " + (i + 1) + " is "
                        + turn.content().length() + " characters long; the limit is " + MAX_MESSAGE_CHARS + ".");
            }
            if (turn.role() == ChatTurn.Role.USER) {
                question = i;
            }
        }
        if (question < 0) {
            throw EngineException.invalid("The conversation needs a user message for the agent to answer.");
        }
        if (turns.subList(question + 1, turns.size()).stream()
                .anyMatch(turn -> turn.role() == ChatTurn.Role.ASSISTANT)) {
            throw EngineException.invalid("The conversation must end with the user's message, not the assistant's.");
        }
        validated(turns.get(question).content());
        return question;
    }

    private Consumer<String> streamTo(
            Agent agent, Message userMessage, MessageRequest request, TokenListener listener) {
        AtomicInteger seq = new AtomicInteger();
        return delta -> {
            int n = seq.getAndIncrement();
            events.publish(new EngineEvent.TokenStreamed(
                    agent.id(), userMessage.id(), request.requestId(), n, delta, clock.instant()));
            listener.onToken(n, delta);
        };
    }

    private void recordFailure(
            Agent agent, AgentRuntime runtime, Message question, MessageRequest request, EngineException failure) {
        try {
            messages.append(NewMessage.errorFor(question, failure.getMessage()));
        } catch (RuntimeException storeFailure) {
            LOG.error("Could not store the error message for agent {}", agent.id(), storeFailure);
        }
        reportFailure(agent, runtime, request.requestId(), failure);
    }

    private void reportFailure(Agent agent, AgentRuntime runtime, Optional<String> requestId, EngineException failure) {
        runtime.failed(clock.instant());
        events.publish(new EngineEvent.AgentFailed(
                agent.id(), failure.kind(), failure.getMessage(), failure.hint(), requestId, clock.instant()));
    }

    private static EngineException explain(RuntimeException failure) {
        if (failure instanceof EngineException engineException) {
            return engineException;
        }
        LOG.error("Unexpected failure while generating a reply", failure);
        return new EngineException(ErrorKind.INTERNAL, "The reply could not be produced.");
    }

    /** The thread's answered turns before {@code question}, read from its stored messages. */
    private List<ChatMessage> remembered(Message question) {
        List<ChatMessage> turns = new ArrayList<>();
        for (Exchange exchange :
                messages.recentExchanges(question.conversationId(), question.id(), REMEMBERED_EXCHANGES)) {
            turns.add(UserMessage.from(exchange.question()));
            turns.add(AiMessage.from(exchange.answer()));
        }
        return turns;
    }

    private void publishStatus(Agent agent, AgentRuntime runtime) {
        events.publish(new EngineEvent.AgentStatusChanged(
                agent.id(), agent.name(), runtime.status(), runtime.currentTaskId(), clock.instant()));
    }

    private static Usage usageOf(TokenUsage usage) {
        if (usage == null) {
            return Usage.NONE;
        }
        return new Usage(
                Optional.ofNullable(usage.inputTokenCount()).orElse(0),
                Optional.ofNullable(usage.outputTokenCount()).orElse(0));
    }

    static String validated(String text) {
        if (text == null || text.isBlank()) {
            throw EngineException.invalid("The message must not be empty.");
        }
        if (text.length() > MAX_MESSAGE_CHARS) {
            throw EngineException.invalid(
                    "The message is " + text.length() + " characters long; the limit is " + MAX_MESSAGE_CHARS + ".");
        }
        return text;
    }
}
