package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.model.ModelStatus;
import io.agentdeck.ui.BackgroundTasks;
import io.agentdeck.ui.DialogService;
import io.agentdeck.ui.FxBridge;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The main window: the agents in the sidebar, which one is open, and whether a model is set up at all. */
public final class ShellViewModel {

    /** What the window shows: a start-up note, the first-run model setup, the chat, or why starting failed. */
    public enum State {
        STARTING,
        NEEDS_MODEL,
        READY,
        FAILED
    }

    /** The page in the centre of the window. */
    public enum Page {
        CHAT,
        DASHBOARD,
        TASKS,
        TOOLS,
        KNOWLEDGE,
        MODELS,
        SETTINGS
    }

    private final Engine engine;
    private final DialogService dialogs;
    private final Executor background;
    private final Executor fx;
    private final BackgroundTasks work;
    /** Reads of the model status: a slow older read must not overwrite what a newer one found. */
    private final BackgroundTasks.Latest modelReads = new BackgroundTasks.Latest();

    private final ChatViewModel chat;
    private final TasksViewModel tasks;
    private final ApprovalsViewModel approvals;
    private final ToolsViewModel tools;
    private final KnowledgeViewModel knowledge;
    private final ModelsViewModel models;
    /** The person chose a model file on the first-run panel: the chat opens once it is in use. */
    private boolean chatWhenModelReady;

    private final ObservableList<AgentItemViewModel> agents = FXCollections.observableArrayList();
    private final ObjectProperty<AgentItemViewModel> selectedAgent = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.STARTING);
    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(Page.CHAT);
    private final ReadOnlyStringWrapper modelStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper startupError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sidebarError = new ReadOnlyStringWrapper("");

    /** @param dialogs asks the person before anything is deleted */
    public ShellViewModel(Engine engine, FxBridge bridge, Executor background, DialogService dialogs) {
        this.engine = engine;
        this.dialogs = dialogs;
        this.background = background;
        this.fx = bridge.fx();
        this.work = new BackgroundTasks(background, fx);
        this.chat = new ChatViewModel(engine, bridge, background, dialogs);
        this.tasks = new TasksViewModel(engine, bridge, background);
        this.approvals = new ApprovalsViewModel(engine, bridge, background, this::agentName);
        this.tools = new ToolsViewModel(engine, bridge, background, this::agentName, dialogs);
        this.knowledge = new KnowledgeViewModel(engine, bridge, background, dialogs);
        this.models = new ModelsViewModel(engine, bridge, background, dialogs, this::refreshModelStatus);
        selectedAgent.addListener((observable, previous, agent) -> {
            if (agent != null) {
                agent.markRead();
            }
            chat.open(Optional.ofNullable(agent));
            if (agent != null) {
                page.set(Page.CHAT);
            }
        });
        bridge.addListener(this::onEvent);
        // The Tools page reads tools afresh whenever it is opened: MCP servers come and go.
        page.addListener((observable, previous, shown) -> {
            if (shown == Page.TOOLS) {
                tools.load();
            }
            if (shown == Page.KNOWLEDGE) {
                knowledge.load();
            }
            if (shown == Page.MODELS) {
                models.load();
            }
        });
    }

    public ChatViewModel chat() {
        return chat;
    }

    /** The Knowledge page: collections, documents, indexing and search. */
    public KnowledgeViewModel knowledge() {
        return knowledge;
    }

    /** The Models page: model files run in this process, their downloads, and which one the agents use. */
    public ModelsViewModel models() {
        return models;
    }

    /**
     * The first-run panel's offer: pick a GGUF file on this computer; the Models page shows it arriving, and the chat
     * opens once it is in use.
     */
    public void useModelFile() {
        chatWhenModelReady = true;
        page.set(Page.MODELS);
        models.useModelFile();
    }

    /** The Tools page: tools, their policies, remembered decisions and the agents' tools. */
    public ToolsViewModel tools() {
        return tools;
    }

    /** The tool calls waiting for the person at the window; shown over whichever page is open. */
    public ApprovalsViewModel approvals() {
        return approvals;
    }

    /** The agent's name as the sidebar shows it, or "Agent <id>" for one not listed (deleted meanwhile). */
    String agentName(long agentId) {
        return agents.stream()
                .filter(agent -> agent.id() == agentId)
                .map(AgentItemViewModel::name)
                .findFirst()
                .orElse("Agent " + agentId);
    }

    /** The Tasks page; its notices reach the window whichever page is open. */
    public TasksViewModel tasks() {
        return tasks;
    }

    public ObservableList<AgentItemViewModel> agents() {
        return agents;
    }

    public ObjectProperty<AgentItemViewModel> selectedAgentProperty() {
        return selectedAgent;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    public ObjectProperty<Page> pageProperty() {
        return page;
    }

    /**
     * The agents whose name or role contains the query (case-insensitive), names that start with it first; all of
     * them for a blank query. For the Ctrl+K agent switcher.
     */
    public List<AgentItemViewModel> matchingAgents(String query) {
        String needle = query.strip().toLowerCase(Locale.ROOT);
        return agents.stream()
                .filter(agent -> agent.name().toLowerCase(Locale.ROOT).contains(needle)
                        || agent.roleProperty().get().toLowerCase(Locale.ROOT).contains(needle))
                .sorted(Comparator.comparing((AgentItemViewModel agent) ->
                        !agent.name().toLowerCase(Locale.ROOT).startsWith(needle)))
                .toList();
    }

    /** Opens the agent's chat. */
    public void openAgent(AgentItemViewModel agent) {
        selectedAgent.set(agent);
        page.set(Page.CHAT);
    }

    public ReadOnlyStringProperty modelStatusProperty() {
        return modelStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty startupErrorProperty() {
        return startupError.getReadOnlyProperty();
    }

    /** Why the last sidebar action (e.g. deleting an agent) failed, or empty. */
    public ReadOnlyStringProperty sidebarErrorProperty() {
        return sidebarError.getReadOnlyProperty();
    }

    /** A fresh new-agent dialog; the agent it creates is added to the sidebar and opened. */
    public NewAgentViewModel newAgent() {
        return new NewAgentViewModel(engine, background, fx, this::showCreated);
    }

    /** Asks whether to delete the agent, with everything it holds, and deletes it if the person confirms. */
    public void deleteAgentAfterConfirming(AgentItemViewModel item) {
        if (dialogs.confirm(new DialogService.Confirmation(
                "Delete agent",
                "Delete agent " + item.name() + "?",
                "Delete " + item.name() + " with all its threads and messages? This cannot be undone."))) {
            deleteAgent(item);
        }
    }

    /** Deletes a dynamic agent off the FX thread; the AgentDeleted event takes it out of the sidebar. */
    public void deleteAgent(AgentItemViewModel item) {
        sidebarError.set("");
        work.run(() -> engine.deleteAgent(item.id()))
                .onFailure(e -> sidebarError.set(
                        e instanceof EngineException known
                                ? known.getMessage()
                                : "The agent could not be deleted; the log file has the details."))
                .start("Deleting agent " + item.id());
    }

    private void showCreated(Agent agent) {
        AgentItemViewModel item = find(agent.id()).orElseGet(() -> {
            AgentItemViewModel added = new AgentItemViewModel(agent, AgentStatus.IDLE);
            agents.add(added);
            return added;
        });
        selectedAgent.set(item);
    }

    /**
     * Runs {@code initializer} (which seeds the engine) on the background executor, then loads the agents and the
     * model status and selects the first agent.
     */
    public void start(Runnable initializer) {
        work.call(() -> {
                    initializer.run();
                    List<AgentItemViewModel> items = engine.agents().stream()
                            .map(agent -> new AgentItemViewModel(agent, statusOf(agent)))
                            .toList();
                    return new Started(items, engine.status().model());
                })
                .onSuccess(started -> {
                    loaded(started.agents(), started.model());
                    approvals.load();
                })
                .onFailure(e -> {
                    startupError.set(
                            e instanceof EngineException known
                                    ? known.getMessage()
                                    : "The agent system could not start; the log file has the details.");
                    state.set(State.FAILED);
                })
                .start("Starting the agent system");
    }

    /**
     * Reads the model status again, e.g. after the settings changed the model: the first-run panel gives way to the
     * chat once a model is configured, and comes back if it is removed.
     */
    public void refreshModelStatus() {
        work.call(() -> engine.status().model())
                .onlyIfLatest(modelReads)
                .onSuccess(model -> {
                    if (state.get() == State.READY || state.get() == State.NEEDS_MODEL) {
                        showModel(model);
                    }
                })
                .start("Reading the model status");
    }

    /** What the start found: the agents with their status, and the model. */
    private record Started(List<AgentItemViewModel> agents, ModelStatus model) {}

    private void showModel(ModelStatus model) {
        modelStatus.set(StatusTexts.modelSummary(model));
        state.set(model.ready() ? State.READY : State.NEEDS_MODEL);
        if (model.ready() && chatWhenModelReady) {
            chatWhenModelReady = false;
            page.set(Page.CHAT);
        }
    }

    private AgentStatus statusOf(Agent agent) {
        return engine.agentStatus(agent.id()).status();
    }

    private void loaded(List<AgentItemViewModel> items, ModelStatus model) {
        agents.setAll(items);
        showModel(model);
        tasks.load();
        if (selectedAgent.get() == null && !agents.isEmpty()) {
            selectedAgent.set(agents.getFirst());
        }
    }

    private Optional<AgentItemViewModel> find(long agentId) {
        return agents.stream().filter(item -> item.id() == agentId).findFirst();
    }

    private void onEvent(EngineEvent event) {
        switch (event) {
            case EngineEvent.AgentStatusChanged changed ->
                find(changed.agentId()).ifPresent(item -> item.status(changed.status()));
            case EngineEvent.ResponseCompleted completed ->
                find(completed.agentId())
                        .filter(item -> item != selectedAgent.get())
                        .ifPresent(AgentItemViewModel::markUnread);
            case EngineEvent.AgentCreated created -> {
                if (find(created.agent().id()).isEmpty()) {
                    agents.add(new AgentItemViewModel(created.agent(), AgentStatus.IDLE));
                }
            }
            case EngineEvent.AgentDeleted deleted ->
                find(deleted.agentId()).ifPresent(item -> {
                    if (item == selectedAgent.get()) {
                        selectedAgent.set(null);
                    }
                    agents.remove(item);
                });
            default -> {}
        }
    }
}
