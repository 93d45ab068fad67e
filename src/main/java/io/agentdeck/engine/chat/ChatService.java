package io.agentdeck.engine.chat;

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
import io.agentdeck.engine.turn.AgentTurn;
import io.agentdeck.engine.turn.ChatTurn;
import io.agentdeck.engine.turn.KnowledgeLookup;
import io.agentdeck.engine.turn.Memory;
import io.agentdeck.engine.turn.TokenListener;
import io.agentdeck.engine.turn.ToolCall;
import io.agentdeck.engine.turn.ToolCallListener;
import io.agentdeck.engine.turn.ToolResult;
import io.agentdeck.engine.turn.TurnOrigin;
import io.agentdeck.engine.turn.TurnOutcome;
import io.agentdeck.engine.turn.TurnRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits messages, stores them and schedules their turns. The user's message is committed before anything else
 * happens; the turn ({@link AgentTurn}) then waits its place in the agent's lane, and whatever the model does the
 * agent ends idle and the outcome is stored and published. What the model is asked and how tools are run is the
 * turn's business, not this class's.
 */
public final class ChatService {
    public static final int MAX_MESSAGE_CHARS = 32_000;
    /** Earlier questions and answers of the thread that the model sees with a new message: the last 20 turns. */
    private static final int REMEMBERED_EXCHANGES = 20;

    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);
    /** How often a question waiting for another node's hold on its thread asks again. */
    private static final Duration HOLD_POLL = Duration.ofMillis(100);

    private final AgentRegistry agents;
    private final ConversationStore conversations;
    private final Map<Long, Long> defaultThreads = new ConcurrentHashMap<>();
    private final MessageStore messages;
    private final ModelInvoker model;
    private final AgentTurn turn;
    private final EventBus events;
    private final ConversationLocks locks;
    private final Clock clock;

    public ChatService(
            AgentRegistry agents,
            ConversationStore conversations,
            MessageStore messages,
            ModelInvoker model,
            AgentTurn turn,
            EventBus events,
            ConversationLocks locks,
            Clock clock) {
        this.agents = agents;
        this.locks = locks;
        this.conversations = conversations;
        this.messages = messages;
        this.model = model;
        this.turn = turn;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Stores the message and queues it for the agent. The future completes with the reply, or with an
     * {@link EngineException} that says what went wrong. With a listener the reply is streamed token by token to it,
     * and to nobody else's listener.
     */
    public CompletableFuture<Reply> send(MessageRequest request, Optional<TokenListener> listener) {
        String text = validated(request.text());
        Agent agent = agents.require(request.agentId());
        model.requireReady();
        // A named thread is not looked up: storing the question checks that it exists and belongs to the agent.
        long conversationId = request.conversationId().orElseGet(() -> defaultThreadOf(agent));
        // A task's turn keeps no order with the thread it is answered in (tasks are independent of each other and run
        // in the agent's default thread or a step's own), so it never waits for another node's hold.
        Optional<ConversationLocks.Hold> now = request.taskId().isPresent()
                ? Optional.of(ConversationLocks.Hold.NOTHING)
                : locks.tryHold(conversationId);
        if (now.isPresent()) {
            return admit(agent, conversationId, text, request, listener, now.get());
        }
        return afterAnotherNode(agent, conversationId, text, request, listener);
    }

    /**
     * Another node is answering in this thread: the question waits, not yet stored, until that node is done, so that
     * the thread's history stays in the order its questions were answered. The caller is not held up meanwhile.
     */
    private CompletableFuture<Reply> afterAnotherNode(
            Agent agent, long conversationId, String text, MessageRequest request, Optional<TokenListener> listener) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        Thread.ofVirtual().name("conversation-" + conversationId + "-waits").start(() -> {
            ConversationLocks.Hold hold;
            try {
                hold = awaitHold(conversationId, reply);
            } catch (InterruptedException e) {
                reply.completeExceptionally(new CancellationException("stopped while waiting for another node"));
                return;
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
                return;
            }
            if (hold == null) {
                return; // cancelled while it waited: nothing was stored
            }
            try {
                CompletableFuture<Reply> admitted = admit(agent, conversationId, text, request, listener, hold);
                reply.whenComplete((ignored, failure) -> {
                    if (failure instanceof CancellationException) {
                        admitted.cancel(true);
                    }
                });
                admitted.whenComplete((answer, failure) -> {
                    if (failure == null) {
                        reply.complete(answer);
                    } else {
                        reply.completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
            }
        });
        return reply;
    }

    /** The hold on the thread once this node may take it; null if the caller gave up meanwhile. */
    private ConversationLocks.Hold awaitHold(long conversationId, CompletableFuture<Reply> reply)
            throws InterruptedException {
        while (!reply.isDone()) {
            Optional<ConversationLocks.Hold> hold = locks.tryHold(conversationId);
            if (hold.isPresent()) {
                if (reply.isDone()) {
                    hold.get().release();
                    return null;
                }
                return hold.get();
            }
            Thread.sleep(HOLD_POLL);
        }
        return null;
    }

    /** Stores the question and queues its turn; the hold on the thread is let go when the turn ends, however. */
    private CompletableFuture<Reply> admit(
            Agent agent,
            long conversationId,
            String text,
            MessageRequest request,
            Optional<TokenListener> listener,
            ConversationLocks.Hold hold) {
        AgentRuntime runtime = agents.runtimeOf(agent);
        CompletableFuture<Reply> reply;
        StoredTurn stored;
        try {
            // Commit and enqueue together, so the lane answers a thread's messages in the order its history shows
            // them. The knowledge is looked up while the question is written: both take milliseconds, neither needs
            // the other.
            HistoryAtQuestion history = new HistoryAtQuestion(before -> remembered(conversationId, before));
            KnowledgeLookup knowledge = turn.lookAhead(
                    TurnRequest.of(agent, text, history.beforeStoring())
                            .withResponseFormat(request.responseFormat())
                            .withExtraTools(request.extraTools()),
                    Optional.of(conversationId));
            synchronized (runtime.admission(conversationId)) {
                Message question = messages.append(NewMessage.of(agent.id(), conversationId, MessageRole.USER, text));
                stored = new StoredTurn(agent, runtime, question, history, request, knowledge, listener);
                reply = runtime.lane().submit(Optional.of(conversationId), stored::run, stored.generation::cancel);
            }
        } catch (RuntimeException e) {
            hold.release();
            throw e;
        }
        reply.whenComplete((ignored, failure) -> hold.release());
        cancelsGeneration(reply, stored.generation);
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
        Agent agent = agents.require(agentId);
        model.requireReady();
        AgentRuntime runtime = agents.runtimeOf(agent);
        TurnRequest request = TurnRequest.of(
                        agent, turns.get(question).content(), Memory.of(turns.subList(0, question)))
                .withCallerInstructions(turns.stream()
                        .filter(turn -> turn.role() == ChatTurn.Role.SYSTEM
                                && !turn.content().isBlank())
                        .map(turn -> turn.content().strip())
                        .collect(Collectors.joining("\n\n")));
        Generation generation = new Generation();
        CompletableFuture<Completion> completion = runtime.lane()
                .submit(
                        () -> working(
                                agent,
                                runtime,
                                Optional.empty(),
                                () -> completion(agent, turn.run(request, generation, listener)),
                                failure -> reportFailure(agent, runtime, Optional.empty(), failure)),
                        generation::cancel);
        cancelsGeneration(completion, generation);
        return completion;
    }

    private static Completion completion(Agent agent, TurnOutcome outcome) {
        return new Completion(agent, outcome.text(), outcome.usage(), outcome.durationMs(), outcome.truncated());
    }

    /** Cancelling the returned future (a cancelled task, a closed client) stops the generation too. */
    private static void cancelsGeneration(CompletableFuture<?> future, Generation generation) {
        future.whenComplete((ignored, failure) -> {
            if (failure instanceof CancellationException) {
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

    /**
     * A stored question on its way to a stored reply, carrying what each step needs. It runs in the agent's lane;
     * the turn itself is the {@link AgentTurn}, this adds the storing and the events around it.
     */
    private final class StoredTurn {
        private final Agent agent;
        private final AgentRuntime runtime;
        private final Message question;
        private final HistoryAtQuestion history;
        private final MessageRequest request;
        private final KnowledgeLookup knowledge;
        private final Optional<TokenListener> listener;
        private final Generation generation = new Generation();

        StoredTurn(
                Agent agent,
                AgentRuntime runtime,
                Message question,
                HistoryAtQuestion history,
                MessageRequest request,
                KnowledgeLookup knowledge,
                Optional<TokenListener> listener) {
            this.agent = agent;
            this.runtime = runtime;
            this.question = question;
            this.history = history;
            this.request = request;
            this.knowledge = knowledge;
            this.listener = listener;
        }

        Reply run() {
            return working(agent, runtime, request.taskId(), this::answer, this::recordFailure);
        }

        private Reply answer() {
            TurnOutcome outcome = turn.run(
                    TurnRequest.of(agent, question.content(), history.forTurn(question.id()))
                            .withResponseFormat(request.responseFormat())
                            .withOrigin(new TurnOrigin(question.conversationId(), question.id(), request.taskId()))
                            .withToolCalls(new StoredToolCalls())
                            .withExtraTools(request.extraTools()),
                    knowledge,
                    generation,
                    listener.map(this::published));
            Message reply = messages.append(NewMessage.replyTo(
                    question, outcome.text(), outcome.usage(), outcome.durationMs(), outcome.citations()));
            events.publish(new EngineEvent.ResponseCompleted(
                    agent.id(), agent.name(), reply, question.id(), request.requestId(), clock.instant()));
            return new Reply(agent, question, reply, outcome.usage(), outcome.durationMs());
        }

        /**
         * Each tool call is stored in the thread as it ends (so it is kept even if the turn fails later) and told to
         * the requester as it starts and ends.
         */
        private final class StoredToolCalls implements ToolCallListener {
            @Override
            public void started(ToolCall call) {
                events.publish(new EngineEvent.ToolCallStarted(
                        agent.id(),
                        question.id(),
                        request.requestId(),
                        call.callId(),
                        call.name(),
                        call.arguments(),
                        clock.instant()));
            }

            @Override
            public void finished(ToolCall call, ToolResult result, long durationMs) {
                Message stored = messages.append(NewMessage.toolCall(
                        question,
                        new ToolCallInfo(call.callId(), call.name(), call.arguments(), result.status()),
                        result.content(),
                        durationMs));
                events.publish(
                        new EngineEvent.ToolCallFinished(agent.id(), request.requestId(), stored, clock.instant()));
            }
        }

        /** Each token also goes out as an event tagged with the request, so that clients can follow their own reply. */
        private TokenListener published(TokenListener requester) {
            return (seq, delta) -> {
                events.publish(new EngineEvent.TokenStreamed(
                        agent.id(), question.id(), request.requestId(), seq, delta, clock.instant()));
                requester.onToken(seq, delta);
            };
        }

        private void recordFailure(EngineException failure) {
            try {
                messages.append(NewMessage.errorFor(question, failure.getMessage()));
            } catch (RuntimeException storeFailure) {
                LOG.error("Could not store the error message for agent {}", agent.id(), storeFailure);
            }
            reportFailure(agent, runtime, request.requestId(), failure);
        }
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

    /** The thread's answered turns before the message {@code beforeId}, read from its stored messages. */
    private List<ChatTurn> remembered(long conversationId, long beforeId) {
        List<ChatTurn> turns = new ArrayList<>();
        for (Exchange exchange : messages.recentExchanges(conversationId, beforeId, REMEMBERED_EXCHANGES)) {
            turns.add(ChatTurn.user(exchange.question()));
            turns.add(ChatTurn.assistant(exchange.answer()));
        }
        return turns;
    }

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

    private void publishStatus(Agent agent, AgentRuntime runtime) {
        events.publish(new EngineEvent.AgentStatusChanged(
                agent.id(), agent.name(), runtime.status(), runtime.currentTaskId(), clock.instant()));
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
