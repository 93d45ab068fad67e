package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.SystemStatus;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentLiveStatus;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.chat.AgentStats;
import io.agentdeck.engine.chat.ReplyLatency;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.engine.task.TaskTally;
import io.agentdeck.ui.BackgroundTasks;
import io.agentdeck.ui.DesktopBackend;
import io.agentdeck.ui.FxBridge;
import io.agentdeck.ui.LocalApiStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live status dashboard: a row per agent, task counts, a timeline of recent events, the local API and the system
 * (model, database). Events keep it live; what has no event (connected API clients, the model, queue lengths) is
 * polled every {@link #POLL_INTERVAL} while the page is shown ({@link #activate()} to {@link #deactivate()}): a hidden
 * dashboard costs nothing but its event listener. State changes on the FX side only; engine and backend calls run on
 * the background executor or the poller.
 */
public final class DashboardViewModel implements AutoCloseable {
    public static final int TIMELINE_LIMIT = 200;
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    /** The newest tasks counted at load; later ones are counted as their events arrive. */
    private static final Logger LOG = LoggerFactory.getLogger(DashboardViewModel.class);

    private final DesktopBackend backend;
    private final Engine engine;
    private final FxBridge bridge;
    private final Executor background;
    private final Executor fx;
    private final Consumer<EngineEvent> listener = this::onEvent;
    private final ScheduledExecutorService poller;
    private final BackgroundTasks work;
    private final Duration pollInterval;
    /** The scheduled polling while the page is shown; touched on the FX thread only. */
    private ScheduledFuture<?> polling;

    private final ObservableList<DashboardAgentRow> agents = FXCollections.observableArrayList();
    private final ObservableList<TimelineEntry> timeline = FXCollections.observableArrayList();
    private final TaskCounts taskCounts = new TaskCounts();
    private final ReadOnlyStringWrapper apiState = new ReadOnlyStringWrapper("Loading…");
    private final ReadOnlyStringWrapper apiClients = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper apiAuth = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper maskedToken = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper tokenAvailable = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper tokenMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper modelState = new ReadOnlyStringWrapper("Loading…");
    private final ReadOnlyStringWrapper databaseState = new ReadOnlyStringWrapper("Loading…");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    /** Events that arrived while a load was under way; replayed on its result, which may predate them. */
    private final List<EngineEvent> eventsDuringLoad = new ArrayList<>();

    private long loads;
    private long settledLoads;
    private volatile boolean agentsLoaded;
    private volatile List<Long> agentIds = List.of();
    private volatile boolean pollFailing;

    public DashboardViewModel(DesktopBackend backend, FxBridge bridge, Executor background) {
        this(backend, bridge, background, POLL_INTERVAL);
    }

    /** With another poll interval, so that tests need not wait seconds to see polling (or its absence). */
    DashboardViewModel(DesktopBackend backend, FxBridge bridge, Executor background, Duration pollInterval) {
        this.pollInterval = pollInterval;
        this.backend = backend;
        this.engine = backend.engine();
        this.bridge = bridge;
        this.background = background;
        this.fx = bridge.fx();
        this.work = new BackgroundTasks(background, fx);
        this.poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("agentdeck-dashboard-poll").factory());
        bridge.addListener(listener);
    }

    /**
     * The page is shown: loads everything afresh and polls until {@link #deactivate()}. Before the engine is initialized
     * only the system shows. Call on the FX thread; calling it while shown does nothing.
     */
    public void activate() {
        if (polling != null) {
            return;
        }
        refresh();
        long interval = pollInterval.toMillis();
        polling = poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** The page is hidden: polling stops; events still keep the figures current for when it is shown again. */
    public void deactivate() {
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
    }

    /** Whether the dashboard is polling, i.e. shown. */
    public boolean isActive() {
        return polling != null;
    }

    /** Stops polling and listening to the engine. */
    @Override
    public void close() {
        bridge.removeListener(listener);
        poller.shutdownNow();
    }

    public ObservableList<DashboardAgentRow> agents() {
        return agents;
    }

    /** The latest {@value #TIMELINE_LIMIT} events (without streamed tokens), newest first. */
    public ObservableList<TimelineEntry> timeline() {
        return timeline;
    }

    public ReadOnlyIntegerProperty taskCountProperty(TaskStatus status) {
        return taskCounts.property(status);
    }

    public int taskCount(TaskStatus status) {
        return taskCounts.property(status).get();
    }

    /** E.g. "Running at http://127.0.0.1:5000", "Stopped: port 5000 is in use", "Starting…". */
    public ReadOnlyStringProperty apiStateProperty() {
        return apiState.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty apiClientsProperty() {
        return apiClients.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty apiAuthProperty() {
        return apiAuth.getReadOnlyProperty();
    }

    /** The token's first characters only; the full token never reaches a property. */
    public ReadOnlyStringProperty maskedTokenProperty() {
        return maskedToken.getReadOnlyProperty();
    }

    /** Whether there is a token to copy (authentication is on). */
    public ReadOnlyBooleanProperty tokenAvailableProperty() {
        return tokenAvailable.getReadOnlyProperty();
    }

    /** The outcome of the last {@link #copyToken}, e.g. "Token copied to the clipboard". */
    public ReadOnlyStringProperty tokenMessageProperty() {
        return tokenMessage.getReadOnlyProperty();
    }

    /** E.g. "fake-model via openai – ready" or "No model: an API key". */
    public ReadOnlyStringProperty modelStateProperty() {
        return modelState.getReadOnlyProperty();
    }

    /** Where the database lives and whether it is connected. */
    public ReadOnlyStringProperty databaseStateProperty() {
        return databaseState.getReadOnlyProperty();
    }

    /** Why the dashboard could not load or poll, or empty. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Reloads agents, their figures, the task counts and the system status off the FX thread. */
    public void refresh() {
        long load = ++loads;
        background.execute(() -> {
            Optional<SystemSnapshot> system = readSystemLogged();
            Optional<EngineSnapshot> state = Optional.empty();
            Optional<String> failure = Optional.empty();
            try {
                if (engine.isInitialized()) {
                    state = Optional.of(readEngine());
                }
            } catch (RuntimeException e) {
                LOG.warn("The dashboard could not load the agents and tasks", e);
                failure = Optional.of(explain(e));
            }
            Optional<EngineSnapshot> loaded = state;
            Optional<String> loadProblem = failure;
            fx.execute(() -> settle(load, system, loaded, loadProblem));
        });
    }

    /** Hands the full API token to {@code clipboard} on the FX side; the backend is asked off the FX thread. */
    public void copyToken(Consumer<? super String> clipboard) {
        work.call(backend::apiToken)
                .onSuccess(token -> {
                    if (token.isPresent()) {
                        clipboard.accept(token.get());
                        tokenMessage.set("Token copied to the clipboard");
                    } else {
                        tokenMessage.set("Authentication is off, so there is no token to copy");
                    }
                })
                .onFailure(e -> tokenMessage.set("The token could not be read; the log file has the details."))
                .start("Reading the API token for the clipboard");
    }

    private void settle(
            long load, Optional<SystemSnapshot> system, Optional<EngineSnapshot> state, Optional<String> failure) {
        if (load != loads) {
            return; // A newer load is under way; its result replaces this one.
        }
        settledLoads = load;
        system.ifPresent(this::showSystem);
        state.ifPresent(this::showEngine);
        if (failure.isPresent()) {
            problem.set(failure.get());
        } else if (system.isPresent()) {
            problem.set("");
        }
        List<EngineEvent> replay = List.copyOf(eventsDuringLoad);
        eventsDuringLoad.clear();
        replay.forEach(this::applyState);
    }

    private boolean loading() {
        return settledLoads != loads;
    }

    private void poll() {
        try {
            if (!agentsLoaded && engine.isInitialized()) {
                // The engine came up after start(): load it all once, unless a load is already under way.
                fx.execute(() -> {
                    if (!agentsLoaded && !loading()) {
                        refresh();
                    }
                });
                return;
            }
            SystemSnapshot system = readSystem();
            Map<Long, Integer> queues = new HashMap<>();
            for (long id : agentIds) {
                try {
                    queues.put(id, engine.agentStatus(id).queueLength());
                } catch (EngineException gone) {
                    // Deleted since the last look: its AgentDeleted event removes the row.
                }
            }
            pollFailing = false;
            fx.execute(() -> {
                showSystem(system);
                queues.forEach((id, length) -> find(id).ifPresent(row -> row.queueLength(length)));
                problem.set("");
            });
        } catch (RuntimeException e) {
            if (!pollFailing) {
                LOG.warn("The dashboard could not read the status", e);
            }
            pollFailing = true;
            String reason = explain(e);
            fx.execute(() -> problem.set(reason));
        }
    }

    private Optional<SystemSnapshot> readSystemLogged() {
        try {
            return Optional.of(readSystem());
        } catch (RuntimeException e) {
            LOG.warn("The dashboard could not read the system status", e);
            String reason = explain(e);
            fx.execute(() -> problem.set(reason));
            return Optional.empty();
        }
    }

    private SystemSnapshot readSystem() {
        Optional<String> token = backend.apiToken();
        return new SystemSnapshot(
                backend.apiStatus(),
                StatusTexts.maskedToken(token),
                token.isPresent(),
                engine.status(),
                backend.databaseLocation());
    }

    private EngineSnapshot readEngine() {
        List<AgentSnapshot> agentSnapshots = new ArrayList<>();
        for (Agent agent : engine.agents()) {
            try {
                agentSnapshots.add(new AgentSnapshot(
                        agent,
                        engine.agentStatus(agent.id()),
                        engine.agentStats(agent.id()),
                        engine.recentReplyLatencies(agent.id(), DashboardAgentRow.LATENCY_POINTS)));
            } catch (EngineException gone) {
                // Deleted while loading: its AgentDeleted event is replayed after this load.
            }
        }
        return new EngineSnapshot(agentSnapshots, engine.taskTally());
    }

    private void showSystem(SystemSnapshot system) {
        LocalApiStatus api = system.api();
        apiState.set(StatusTexts.apiState(api));
        apiClients.set(StatusTexts.apiClients(api));
        apiAuth.set(StatusTexts.apiAuth(api));
        maskedToken.set(system.maskedToken());
        tokenAvailable.set(system.tokenAvailable());
        modelState.set(StatusTexts.model(system.status().model()));
        databaseState.set(
                StatusTexts.database(system.databaseLocation(), system.status().databaseConnected()));
    }

    private void showEngine(EngineSnapshot state) {
        Set<Long> present =
                state.agents().stream().map(agent -> agent.agent().id()).collect(Collectors.toSet());
        agents.removeIf(row -> !present.contains(row.id()));
        for (AgentSnapshot snapshot : state.agents()) {
            DashboardAgentRow row = find(snapshot.agent().id()).orElseGet(() -> {
                DashboardAgentRow added =
                        new DashboardAgentRow(snapshot.agent(), snapshot.live().status());
                added.showEarlierReplies(
                        snapshot.recentReplies(), snapshot.stats().replies());
                agents.add(added);
                return added;
            });
            row.status(snapshot.live().status());
            row.queueLength(snapshot.live().queueLength());
            row.stats(snapshot.stats());
        }
        rememberAgentIds();
        agentsLoaded = true;
        taskCounts.replaceAll(state.tasks());
    }

    private void onEvent(EngineEvent event) {
        if (event instanceof EngineEvent.TokenStreamed) {
            return;
        }
        TimelineEntry.of(event, this::nameOf).ifPresent(this::addToTimeline);
        if (event instanceof EngineEvent.ResponseCompleted completed) {
            // Only live events draw the chart: a replayed one would draw its reply twice.
            completed
                    .reply()
                    .durationMs()
                    .ifPresent(ms -> find(completed.agentId())
                            .ifPresent(row -> row.replied(completed.reply().id(), ms, completed.at())));
        }
        applyState(event);
        if (loading()) {
            eventsDuringLoad.add(event);
        }
    }

    /** Applies what an event says about the state; safe to apply twice. */
    private void applyState(EngineEvent event) {
        switch (event) {
            case EngineEvent.AgentStatusChanged changed ->
                find(changed.agentId()).ifPresent(row -> {
                    row.status(changed.status());
                    refreshFigures(row);
                });
            case EngineEvent.ResponseCompleted completed ->
                find(completed.agentId()).ifPresent(this::refreshFigures);
            case EngineEvent.AgentFailed failed -> find(failed.agentId()).ifPresent(this::refreshFigures);
            case EngineEvent.TaskUpdated updated ->
                taskCounts.update(updated.task().id(), updated.task().status());
            case EngineEvent.AgentCreated created -> {
                if (find(created.agent().id()).isEmpty()) {
                    DashboardAgentRow row = new DashboardAgentRow(created.agent(), AgentStatus.IDLE);
                    agents.add(row);
                    rememberAgentIds();
                    refreshFigures(row);
                }
            }
            case EngineEvent.AgentDeleted deleted -> {
                agents.removeIf(row -> row.id() == deleted.agentId());
                rememberAgentIds();
            }
            case EngineEvent.TokenStreamed token -> {}
            case EngineEvent.WorkflowStep step -> {}
            case EngineEvent.ToolCallStarted call -> {}
            case EngineEvent.ToolCallFinished result -> {}
            case EngineEvent.ApprovalRequested requested -> {}
            case EngineEvent.ApprovalResolved resolved -> {}
            case EngineEvent.KnowledgeProgress progress -> {}
            case EngineEvent.ModelProgress progress -> {}
        }
    }

    /** Reads the agent's stats and queue off the FX thread; an answer overtaken by a newer request is dropped. */
    private void refreshFigures(DashboardAgentRow row) {
        // A failure leaves the last figures shown; the next reply or poll reads them again.
        work.call(() -> new Figures(engine.agentStats(row.id()), engine.agentStatus(row.id())))
                .onlyIfLatest(row.figureReads())
                .onSuccess(figures -> {
                    row.stats(figures.stats());
                    row.queueLength(figures.live().queueLength());
                })
                .start("Reading the figures of agent " + row.id());
    }

    /** One agent's stored figures and live queue, read together. */
    private record Figures(AgentStats stats, AgentLiveStatus live) {}

    private void addToTimeline(TimelineEntry entry) {
        timeline.addFirst(entry);
        if (timeline.size() > TIMELINE_LIMIT) {
            timeline.removeLast();
        }
    }

    private String nameOf(long agentId) {
        return find(agentId).map(DashboardAgentRow::name).orElse("Agent " + agentId);
    }

    private Optional<DashboardAgentRow> find(long agentId) {
        return agents.stream().filter(row -> row.id() == agentId).findFirst();
    }

    private void rememberAgentIds() {
        agentIds = agents.stream().map(DashboardAgentRow::id).toList();
    }

    private static String explain(RuntimeException e) {
        return e instanceof EngineException known
                ? known.getMessage()
                : "The status could not be read; the log file has the details.";
    }

    private record SystemSnapshot(
            LocalApiStatus api,
            String maskedToken,
            boolean tokenAvailable,
            SystemStatus status,
            String databaseLocation) {}

    private record AgentSnapshot(
            Agent agent, AgentLiveStatus live, AgentStats stats, List<ReplyLatency> recentReplies) {}

    private record EngineSnapshot(List<AgentSnapshot> agents, TaskTally tasks) {}
}
