package io.agentdeck.engine.chat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentRegistry;
import io.agentdeck.engine.agent.AgentRuntime;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.model.Generation;
import io.agentdeck.engine.model.ModelInvoker;
import io.agentdeck.engine.store.ConversationStore;
import io.agentdeck.engine.store.MessageStore;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages to agents. The user's message is committed before anything else happens, the work then waits its
 * turn in the agent's lane, and whatever the model does the agent ends idle and the outcome is stored and published.
 */
public final class ChatService {
    public static final int MAX_MESSAGE_CHARS = 32_000;
    private static final int REMEMBERED_MESSAGES = 40;
    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);

    private final AgentRegistry agents;
    private final ConversationStore conversations;
    private final MessageStore messages;
    private final ChatMemoryStore memoryStore;
    private final ModelInvoker model;
    private final PromptBuilder prompts;
    private final EventBus events;
    private final Clock clock;

    public ChatService(
            AgentRegistry agents,
            ConversationStore conversations,
            MessageStore messages,
            ChatMemoryStore memoryStore,
            ModelInvoker model,
            PromptBuilder prompts,
            EventBus events,
            Clock clock) {
        this.agents = agents;
        this.conversations = conversations;
        this.messages = messages;
        this.memoryStore = memoryStore;
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
        Conversation conversation = conversationFor(agent, request.conversationId());
        AgentRuntime runtime = agents.runtimeOf(agent);
        Generation generation = new Generation();
        CompletableFuture<Reply> reply;
        // Commit and enqueue together, so the lane answers messages in the order the history shows them.
        synchronized (runtime.admission()) {
            Message userMessage = messages.append(NewMessage.of(agent.id(), conversation.id(), MessageRole.USER, text));
            reply = runtime.lane()
                    .submit(
                            () -> generate(agent, runtime, conversation, userMessage, request, listener, generation),
                            generation::cancel);
        }
        // Cancelling the returned future (a cancelled task, a closed client) stops the generation too.
        reply.whenComplete((ignored, failure) -> {
            if (failure instanceof java.util.concurrent.CancellationException) {
                generation.cancel();
            }
        });
        return reply;
    }

    /** Cancels the agent's running generation and drops its queued messages; returns how many were stopped. */
    public int cancel(long agentId) {
        Agent agent = agents.require(agentId);
        return agents.runtimeOf(agent).lane().cancelAll();
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
            Conversation conversation,
            Message userMessage,
            MessageRequest request,
            Optional<TokenListener> listener,
            Generation generation) {
        runtime.busy(request.taskId(), clock.instant());
        publishStatus(agent, runtime);
        long started = System.nanoTime();
        try {
            ChatMemory memory = memoryOf(conversation);
            ChatRequest chatRequest =
                    prompts.build(agent, memory.messages(), userMessage.content(), request.responseFormat());
            ChatResponse response = listener.isPresent()
                    ? model.stream(chatRequest, generation, streamTo(agent, userMessage, request, listener.get()))
                    : model.chat(chatRequest, generation);
            String answer = Optional.ofNullable(response.aiMessage().text()).orElse("");
            Usage usage = usageOf(response.tokenUsage());
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            Message reply = messages.append(new NewMessage(
                    agent.id(),
                    conversation.id(),
                    MessageRole.AGENT,
                    answer,
                    Optional.of(usage),
                    Optional.of(durationMs)));
            memory.add(UserMessage.from(userMessage.content()));
            memory.add(AiMessage.from(answer));
            events.publish(new EngineEvent.ResponseCompleted(
                    agent.id(), agent.name(), reply, userMessage.id(), request.requestId(), clock.instant()));
            runtime.idle(clock.instant());
            return new Reply(agent, userMessage, reply, usage, durationMs);
        } catch (RuntimeException failure) {
            EngineException explained = explain(failure);
            recordFailure(agent, runtime, conversation, request, explained);
            throw explained;
        } finally {
            if (runtime.status() != AgentStatus.IDLE) {
                runtime.idle(clock.instant());
            }
            publishStatus(agent, runtime);
        }
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
            Agent agent,
            AgentRuntime runtime,
            Conversation conversation,
            MessageRequest request,
            EngineException failure) {
        try {
            messages.append(NewMessage.of(agent.id(), conversation.id(), MessageRole.ERROR, failure.getMessage()));
        } catch (RuntimeException storeFailure) {
            LOG.error("Could not store the error message for agent {}", agent.id(), storeFailure);
        }
        runtime.failed(clock.instant());
        events.publish(new EngineEvent.AgentFailed(
                agent.id(),
                failure.kind(),
                failure.getMessage(),
                failure.hint(),
                request.requestId(),
                clock.instant()));
    }

    private static EngineException explain(RuntimeException failure) {
        if (failure instanceof EngineException engineException) {
            return engineException;
        }
        LOG.error("Unexpected failure while generating a reply", failure);
        return new EngineException(ErrorKind.INTERNAL, "The reply could not be produced.");
    }

    private ChatMemory memoryOf(Conversation conversation) {
        return MessageWindowChatMemory.builder()
                .id(conversation.id())
                .maxMessages(REMEMBERED_MESSAGES)
                .chatMemoryStore(memoryStore)
                .build();
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
