package io.agentdeck.ui.viewmodel;

import static io.agentdeck.testing.Waits.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.agentdeck.ContextBackend;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.creator.AgentCreator.AgentRequest;
import io.agentdeck.engine.creator.AgentSpec;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.FxThreadStandIn;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.DesktopBackend;
import io.agentdeck.ui.FxBridge;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard on the real engine against the fake model. One thread stands in for the FX thread; the test reads
 * the ViewModel's state on it, as a view would.
 */
@AppTest(initialized = false)
class DashboardViewModelTest {

    private final FxThreadStandIn fxThread = new FxThreadStandIn();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    @FromApp
    private TestApp app;

    @FromApp
    private Engine engine;

    private FxBridge bridge;
    private DashboardViewModel dashboard;

    @BeforeEach
    void start() {
        DesktopBackend backend = new ContextBackend(app.context(), app::close);
        bridge = new FxBridge(engine.events(), fxThread);
        dashboard = new DashboardViewModel(backend, bridge, background);
    }

    @AfterEach
    void stop() {
        dashboard.close();
        bridge.close();
        fxThread.close();
        background.shutdownNow();
    }

    private <T> T onFx(Supplier<T> read) {
        return fxThread.read(read);
    }

    private void initializedAndLoaded() {
        engine.initialize();
        onFx(() -> {
            dashboard.refresh();
            return null;
        });
        await().atMost(WAIT).until(() -> onFx(() -> dashboard.agents().size()) == 3);
    }

    private DashboardAgentRow row(String name) {
        return onFx(() -> dashboard.agents().stream()
                .filter(row -> row.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No dashboard row for " + name)));
    }

    private List<TimelineEntry> timeline() {
        return onFx(() -> List.copyOf(dashboard.timeline()));
    }

    @Test
    void aMessageMakesTheDriverBusyThenIdleAndCountsUp() {
        initializedAndLoaded();
        DashboardAgentRow driver = row("Driver");
        assertThat(driver.type()).isEqualTo("driver");
        assertThat(onFx(driver::messages)).isZero();
        List<AgentStatus> seen = new CopyOnWriteArrayList<>();
        onFx(() -> {
            driver.statusProperty().addListener((o, before, now) -> seen.add(now));
            return null;
        });
        app.model().enqueue(FakeReply.text("a considered answer").after(Duration.ofMillis(60)));

        engine.sendMessage(MessageRequest.of(CoreAgents.DRIVER_ID, "hello"));

        await().atMost(WAIT).until(() -> onFx(() -> driver.messages() == 2 && driver.status() == AgentStatus.IDLE));
        assertThat(seen).containsExactly(AgentStatus.BUSY, AgentStatus.IDLE);
        assertThat(onFx(driver::tokens)).isPositive();
        assertThat(onFx(driver::averageLatencyMs)).isGreaterThanOrEqualTo(60);
        assertThat(onFx(() -> List.copyOf(driver.latency()))).singleElement().satisfies(point -> {
            assertThat(point.replyNumber()).isEqualTo(1);
            assertThat(point.latencyMs()).isGreaterThanOrEqualTo(60);
        });
    }

    @Test
    void theAgentRowShowsHowFastItsStreamedRepliesCame() {
        initializedAndLoaded();
        DashboardAgentRow driver = row("Driver");
        assertThat(onFx(() -> driver.speedProperty().get()))
                .as("nothing measured yet")
                .isEmpty();
        app.model()
                .enqueue(FakeReply.text("one two three four five")
                        .after(Duration.ofMillis(200))
                        .tokenDelay(Duration.ofMillis(20)));

        engine.sendMessageStreaming(MessageRequest.of(CoreAgents.DRIVER_ID, "count"), (seq, delta) -> {});

        await().atMost(WAIT)
                .until(() -> onFx(() -> !driver.speedProperty().get().isEmpty()));
        assertThat(onFx(() -> driver.speedProperty().get())).matches("\\d+ ms · \\d+ tok/s");
        long ttft = Long.parseLong(onFx(() -> driver.speedProperty().get()).split(" ")[0]);
        assertThat(ttft).isGreaterThanOrEqualTo(200);
    }

    @Test
    void theLatencySeriesKeepsOnlyTheLatestReplies() {
        initializedAndLoaded();
        DashboardAgentRow driver = row("Driver");
        int sent = DashboardAgentRow.LATENCY_POINTS + 2;

        for (int i = 0; i < sent; i++) {
            engine.sendMessage(MessageRequest.of(CoreAgents.DRIVER_ID, "message " + i));
        }

        await().atMost(WAIT)
                .until(() -> onFx(() -> driver.latency().size() == DashboardAgentRow.LATENCY_POINTS
                        && driver.latency().getLast().replyNumber() == sent));
        assertThat(onFx(() -> driver.latency().getFirst().replyNumber())).isEqualTo(3);
    }

    @Test
    void theChartStartsWithTheRepliesStoredBeforeTheDashboardOpened() {
        engine.initialize();
        app.model().enqueue(FakeReply.text("slow").after(Duration.ofMillis(80)));
        engine.sendMessage(MessageRequest.of(CoreAgents.GENERATOR_ID, "first"));
        engine.sendMessage(MessageRequest.of(CoreAgents.GENERATOR_ID, "second"));

        initializedAndLoaded();
        DashboardAgentRow generator = row("Generator");

        List<LatencyPoint> earlier = onFx(() -> List.copyOf(generator.latency()));
        assertThat(earlier).extracting(LatencyPoint::replyNumber).containsExactly(1L, 2L);
        assertThat(earlier.getFirst().latencyMs()).isGreaterThanOrEqualTo(80);
        DashboardAgentRow driver = row("Driver");
        assertThat(onFx(() -> driver.latency().isEmpty())).isTrue();

        engine.sendMessage(MessageRequest.of(CoreAgents.GENERATOR_ID, "third, live"));
        await().atMost(WAIT).until(() -> onFx(() -> generator.latency().size()) == 3);
        assertThat(onFx(() -> generator.latency().getLast().replyNumber()))
                .as("the live reply carries on the numbering")
                .isEqualTo(3);
    }

    @Test
    void aTaskMovesThroughTheCounts() {
        initializedAndLoaded();
        assertThat(onFx(() -> dashboard.taskCount(TaskStatus.SUCCEEDED))).isZero();

        Task task = engine.processOperatorTaskAndWait("summarise the day", WAIT);

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
        await().atMost(WAIT).until(() -> onFx(() -> dashboard.taskCount(TaskStatus.SUCCEEDED)) == 1);
        assertThat(onFx(() -> List.of(
                        dashboard.taskCount(TaskStatus.QUEUED),
                        dashboard.taskCount(TaskStatus.RUNNING),
                        dashboard.taskCount(TaskStatus.FAILED),
                        dashboard.taskCount(TaskStatus.CANCELLED))))
                .containsOnly(0);
        assertThat(timeline())
                .extracting(TimelineEntry::text)
                .contains(
                        "Task " + task.id() + " (operator_task) queued",
                        "Task " + task.id() + " (operator_task) running",
                        "Task " + task.id() + " (operator_task) succeeded");
    }

    @Test
    void tasksFinishedBeforeTheDashboardOpenedAreCounted() {
        engine.initialize();
        engine.processOperatorTaskAndWait("an earlier task", WAIT);

        initializedAndLoaded();

        assertThat(onFx(() -> dashboard.taskCount(TaskStatus.SUCCEEDED))).isEqualTo(1);
    }

    @Test
    void theTimelineListsEventsNewestFirstWithoutTokens() {
        initializedAndLoaded();

        engine.sendMessage(MessageRequest.of(CoreAgents.DRIVER_ID, "hello"));

        await().atMost(WAIT)
                .until(() -> timeline().stream().anyMatch(entry -> entry.text().equals("Driver is idle")));
        // The first start also indexed AgentDeck's guide ("agents.md indexed …"); this test is about the message.
        assertThat(timeline())
                .filteredOn(entry -> entry.kind() == TimelineEntry.Kind.KNOWLEDGE)
                .allMatch(entry -> entry.text().matches(".+\\.md indexed \\(\\d+ passages\\)"));
        List<TimelineEntry> entries = timeline().stream()
                .filter(entry -> entry.kind() != TimelineEntry.Kind.KNOWLEDGE)
                .toList();
        assertThat(entries.reversed())
                .extracting(TimelineEntry::kind)
                .containsExactly(TimelineEntry.Kind.STATUS, TimelineEntry.Kind.REPLY, TimelineEntry.Kind.STATUS);
        assertThat(entries.getLast().text()).isEqualTo("Driver is busy");
        assertThat(entries.get(1).text()).matches("Driver replied in \\d+ ms \\(\\d+ tokens\\)");
        assertThat(entries.getFirst().timeText()).matches("\\d\\d:\\d\\d:\\d\\d");
        assertThat(entries.getFirst().at()).isAfterOrEqualTo(entries.getLast().at());
    }

    @Test
    void aModelFailureShowsInTheTimeline() {
        initializedAndLoaded();
        app.model().enqueue(FakeReply.badRequest("this model does not exist"));

        assertThatThrownBy(() -> engine.sendMessage(MessageRequest.of(CoreAgents.DRIVER_ID, "hello")));

        await().atMost(WAIT)
                .until(() -> timeline().stream().anyMatch(entry -> entry.kind() == TimelineEntry.Kind.FAILURE));
        TimelineEntry failure = timeline().stream()
                .filter(entry -> entry.kind() == TimelineEntry.Kind.FAILURE)
                .findFirst()
                .orElseThrow();
        assertThat(failure.text()).startsWith("Driver failed: ").doesNotContain("\n");
    }

    @Test
    void theApiPanelShowsTheRunningApiAndHidesTheToken() {
        initializedAndLoaded();
        await().atMost(WAIT)
                .until(() -> onFx(() -> dashboard.apiStateProperty().get()).equals("Running at " + app.baseUrl()));

        assertThat(onFx(() -> dashboard.apiAuthProperty().get())).isEqualTo("Authentication on");
        assertThat(onFx(() -> dashboard.apiClientsProperty().get())).isEqualTo("No real-time clients connected");
        assertThat(onFx(() -> dashboard.maskedTokenProperty().get()))
                .isEqualTo(app.token().substring(0, 4) + "…");
        assertThat(onFx(() -> dashboard.tokenAvailableProperty().get())).isTrue();
        assertThat(onFx(() -> dashboard.modelStateProperty().get())).isEqualTo("fake-model via openai – ready");
        assertThat(onFx(() -> dashboard.databaseStateProperty().get()))
                .startsWith("H2 file ")
                .endsWith(" – connected");
    }

    @Test
    void copyTokenHandsTheFullTokenToTheClipboard() {
        initializedAndLoaded();
        List<String> clipboard = new CopyOnWriteArrayList<>();

        onFx(() -> {
            dashboard.copyToken(clipboard::add);
            return null;
        });

        await().atMost(WAIT).until(() -> !clipboard.isEmpty());
        assertThat(clipboard).containsExactly(app.token());
        assertThat(onFx(() -> dashboard.tokenMessageProperty().get())).isEqualTo("Token copied to the clipboard");
    }

    @Test
    void createdAgentsAppearAndDeletedOnesDisappear() {
        initializedAndLoaded();

        Agent reviewer = engine.createAgent(
                new AgentSpec("Reviewer", "Reviews code", "You are Reviewer.", List.of("code review")),
                new AgentRequest("Reviews code", List.of(), Optional.empty()));

        await().atMost(WAIT).until(() -> onFx(() -> dashboard.agents().size()) == 4);
        assertThat(row("Reviewer").type()).isEqualTo("dynamic");
        assertThat(row("Reviewer").role()).isEqualTo("Reviews code");

        engine.deleteAgent(reviewer.id());

        await().atMost(WAIT).until(() -> onFx(() -> dashboard.agents().size()) == 3);
        assertThat(timeline())
                .extracting(TimelineEntry::text)
                .containsSubsequence("Agent Reviewer deleted", "Agent Reviewer created");
    }

    @Test
    void startedBeforeTheEngineItShowsTheSystemAndThenPicksUpTheAgents() {
        onFx(() -> {
            dashboard.activate();
            return null;
        });
        await().atMost(WAIT)
                .until(() -> onFx(() -> dashboard.modelStateProperty().get()).equals("fake-model via openai – ready"));
        assertThat(onFx(() -> dashboard.agents())).isEmpty();

        engine.initialize();

        await().atMost(WAIT).until(() -> onFx(() -> dashboard.agents().size()) == 3);
        assertThat(onFx(() -> dashboard.problemProperty().get())).isEmpty();
    }

    @Test
    void hiddenItStopsPollingAndShownAgainItCatchesUpAtOnce() throws Exception {
        DesktopBackend backend = new ContextBackend(app.context(), app::close);
        try (DashboardViewModel fastPolling =
                new DashboardViewModel(backend, bridge, background, Duration.ofMillis(50))) {
            onFx(() -> {
                fastPolling.activate();
                return null;
            });
            await().atMost(WAIT)
                    .until(() ->
                            onFx(() -> fastPolling.modelStateProperty().get()).equals("fake-model via openai – ready"));
            onFx(() -> {
                fastPolling.deactivate();
                return null;
            });

            // Only polling notices that the engine came up (no event says so); hidden, the page must not.
            engine.initialize();
            Thread.sleep(500); // ten poll intervals
            assertThat(onFx(fastPolling::isActive)).isFalse();
            assertThat(onFx(() -> fastPolling.agents())).isEmpty();

            onFx(() -> {
                fastPolling.activate();
                return null;
            });
            await().atMost(WAIT).until(() -> onFx(() -> fastPolling.agents().size()) == 3);
            assertThat(onFx(fastPolling::isActive)).isTrue();
        }
    }
}
