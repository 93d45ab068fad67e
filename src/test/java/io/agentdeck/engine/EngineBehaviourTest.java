package io.agentdeck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.task.NewTask;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine facade on a real database and the fake model: event order, tasks, cancellation, paging. */
@AppTest(initialized = false, api = false)
class EngineBehaviourTest {
    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private Engine engine;

    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        engine.initialize();
        // AgentDeck's guide is indexed in the background meanwhile; its progress is not part of these orders.
        engine.events().subscribe(event -> {
            if (!(event instanceof EngineEvent.KnowledgeProgress)) {
                events.add(event);
            }
        });
    }

    @Test
    void aStreamedMessagePublishesBusyTokensResponseIdleInThatOrder() {
        model.enqueue(FakeReply.text("three small words"));
        List<String> tokens = new ArrayList<>();

        var reply = engine.sendMessageStreaming(
                MessageRequest.of(3, "go").withRequestId(Optional.of("req-1")), (seq, delta) -> tokens.add(delta));

        assertThat(String.join("", tokens)).isEqualTo("three small words");
        List<String> kinds = events.stream().map(EventKinds::of).toList();
        assertThat(kinds).containsExactly("status:busy", "token", "token", "token", "response", "status:idle");
        assertThat(events)
                .filteredOn(EngineEvent.TokenStreamed.class::isInstance)
                .map(EngineEvent.TokenStreamed.class::cast)
                .allSatisfy(token -> {
                    assertThat(token.requestId()).contains("req-1");
                    assertThat(token.messageId()).isEqualTo(reply.userMessage().id());
                })
                .extracting(EngineEvent.TokenStreamed::seq)
                .containsExactly(0, 1, 2);
    }

    @Test
    void aFailedMessagePublishesBusyErrorIdle() {
        model.enqueue(FakeReply.unauthorized());

        assertThatThrownBy(() -> engine.sendMessage(MessageRequest.of(3, "go")))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_ERROR));

        assertThat(events.stream().map(EventKinds::of).toList()).containsExactly("status:busy", "error", "status:idle");
    }

    @Test
    void cancellingAnAgentStopsItsRunningGenerationAndDropsItsQueue() {
        model.enqueue(FakeReply.hang());
        CompletableFuture<?> running = engine.sendMessageAsync(MessageRequest.of(3, "long one"), Optional.empty());
        CompletableFuture<?> queued = engine.sendMessageAsync(MessageRequest.of(3, "waiting"), Optional.empty());
        model.awaitRequests(1, Duration.ofSeconds(5));

        assertThat(engine.cancel(3)).isEqualTo(2);

        assertThat(running).failsWithin(Duration.ofSeconds(5));
        assertThat(queued).failsWithin(Duration.ofSeconds(5));
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> engine.agentStatus(3).status() == AgentStatus.IDLE);
        assertThat(model.requestCount())
                .as("the queued message never reached the model")
                .isEqualTo(1);
    }

    @Test
    void aRunningTaskCanBeCancelledAndCallbacksSeeTheOutcome() {
        model.enqueue(FakeReply.hang());
        Task task = engine.processOperatorTask("a task that hangs");
        model.awaitRequests(1, Duration.ofSeconds(5));
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> engine.task(task.id()).status() == TaskStatus.RUNNING);

        Task cancelled = engine.cancelTask(task.id());

        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(cancelled.finishedAt()).isPresent();
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> engine.agentStatus(1).status() == AgentStatus.IDLE);

        List<Task> seen = new CopyOnWriteArrayList<>();
        Task submitted = engine.taskProcessor()
                .submit(
                        new NewTask("custom", 1, "input"),
                        (t, control) -> "custom result for " + t.input(),
                        Optional.of(seen::add));
        Task done = engine.taskProcessor().await(submitted.id(), Duration.ofSeconds(5));
        assertThat(done.result()).contains("custom result for input");
        assertThat(seen).singleElement().extracting(Task::status).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(events).filteredOn(EngineEvent.TaskUpdated.class::isInstance).isNotEmpty();
    }

    @Test
    void historyPagesBackwardsWithBefore() {
        for (int i = 0; i < 5; i++) {
            engine.sendMessage(MessageRequest.of(3, "q" + i));
        }
        var newest = engine.history(3, Optional.empty(), Optional.empty(), 4);
        assertThat(newest.messages()).extracting(m -> m.content()).containsExactly("q3", "Echo: q3", "q4", "Echo: q4");
        assertThat(newest.hasMore()).isTrue();

        var older = engine.history(
                3, Optional.empty(), Optional.of(newest.messages().getFirst().id()), 100);
        assertThat(older.messages()).hasSize(6);
        assertThat(older.messages().getFirst().content()).isEqualTo("q0");
        assertThat(older.hasMore()).isFalse();
    }

    @Test
    void threadsKeepTheirOwnMemory() {
        var thread = engine.createConversation(3, "Side topic");
        engine.sendMessage(MessageRequest.of(3, "main thread secret"));
        model.reset();

        engine.sendMessage(MessageRequest.of(3, "side question").inConversation(Optional.of(thread.id())));

        assertThat(model.lastRequest().messages()).extracting(m -> m.content()).doesNotContain("main thread secret");
        assertThat(engine.conversations(3)).extracting(c -> c.title()).contains("Side topic");
    }

    /** A compact label per event, so orders read like the API contract. */
    private static final class EventKinds {
        static String of(EngineEvent event) {
            return switch (event) {
                case EngineEvent.AgentStatusChanged status ->
                    "status:" + status.status().wireName();
                case EngineEvent.TokenStreamed token -> "token";
                case EngineEvent.ResponseCompleted response -> "response";
                case EngineEvent.AgentFailed failed -> "error";
                case EngineEvent.TaskUpdated task -> "task";
                case EngineEvent.WorkflowStep step -> "workflow";
                case EngineEvent.AgentCreated created -> "created";
                case EngineEvent.AgentDeleted deleted -> "deleted";
                case EngineEvent.ToolCallStarted call -> "tool_call";
                case EngineEvent.ToolCallFinished result -> "tool_result";
                case EngineEvent.ApprovalRequested requested -> "approval_requested";
                case EngineEvent.ApprovalResolved resolved -> "approval_resolved";
                case EngineEvent.KnowledgeProgress progress -> "knowledge";
                case EngineEvent.ModelProgress progress -> "model";
            };
        }
    }
}
