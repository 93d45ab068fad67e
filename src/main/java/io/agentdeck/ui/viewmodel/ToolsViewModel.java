package io.agentdeck.ui.viewmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ToolService.ListedTool;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.mcp.McpServerInfo;
import io.agentdeck.engine.mcp.McpServerStatus;
import io.agentdeck.engine.tool.ToolPolicy;
import io.agentdeck.engine.tool.ToolPolicyRule;
import io.agentdeck.ui.BackgroundTasks;
import io.agentdeck.ui.DialogService;
import io.agentdeck.ui.FxBridge;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Tools page: every tool with what happens when an agent calls it (a person changes that here), the rules people
 * set (by hand or by remembering an approval), which can be revoked, which tools an agent may call, and the MCP
 * servers, added by pasting the {@code mcpServers} block other desktop apps use.
 */
public final class ToolsViewModel {
    /** A tool as listed: its policy for all agents is a property the page's choice box edits. */
    public static final class ToolRow {
        private final ListedTool tool;
        private final ObjectProperty<ToolPolicy> policy;
        /** Set while a failed change is put back, so that putting it back is not a change of its own. */
        private boolean reverting;

        ToolRow(ListedTool tool) {
            this.tool = tool;
            this.policy = new SimpleObjectProperty<>(tool.policy());
        }

        public String name() {
            return tool.info().name();
        }

        public String description() {
            return tool.info().description();
        }

        /** "built-in", or the MCP server's name. */
        public String source() {
            return tool.info().server().orElse("built-in");
        }

        /** "reads only", "may destroy data" or "may change things". */
        public String effect() {
            if (tool.info().readOnly()) {
                return "reads only";
            }
            return tool.info().destructive() ? "may destroy data" : "may change things";
        }

        public ObjectProperty<ToolPolicy> policyProperty() {
            return policy;
        }
    }

    /** A rule as listed: which tool, for whom ("All agents" or an agent's name), and what it says. */
    public record RuleRow(ToolPolicyRule rule, String who) {
        public String tool() {
            return rule.tool();
        }

        public String policy() {
            return rule.policy().wireName();
        }
    }

    /** One tool in the agent-tools list; checked when the selected agent may call it. */
    public static final class AgentToolChoice {
        private final String name;
        private final BooleanProperty chosen;

        AgentToolChoice(String name, boolean chosen) {
            this.name = name;
            this.chosen = new SimpleBooleanProperty(chosen);
        }

        public String name() {
            return name;
        }

        public BooleanProperty chosenProperty() {
            return chosen;
        }
    }

    /** How often the page looks again while a server is starting. */
    private static final java.time.Duration STARTING_POLL = java.time.Duration.ofMillis(700);

    private final Engine engine;
    private final BackgroundTasks work;
    private final LongFunction<String> agentName;
    private final BackgroundTasks.Latest loads = new BackgroundTasks.Latest();

    private final ObservableList<ToolRow> tools = FXCollections.observableArrayList();
    private final ObservableList<RuleRow> rules = FXCollections.observableArrayList();
    private final ObservableList<Agent> agents = FXCollections.observableArrayList();
    private final ObjectProperty<Agent> selectedAgent = new SimpleObjectProperty<>();
    private final ObservableList<AgentToolChoice> agentTools = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper saved = new ReadOnlyStringWrapper("");
    private final ObservableList<McpServerInfo> servers = FXCollections.observableArrayList();
    private final StringProperty paste = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper serversError = new ReadOnlyStringWrapper("");
    private final BackgroundTasks.Latest serverPolls = new BackgroundTasks.Latest();
    private final DialogService dialogs;

    /** @param dialogs asks the person before a server is removed */
    public ToolsViewModel(
            Engine engine,
            FxBridge bridge,
            Executor background,
            LongFunction<String> agentName,
            DialogService dialogs) {
        this.engine = engine;
        this.dialogs = dialogs;
        this.agentName = agentName;
        this.work = new BackgroundTasks(background, bridge.fx());
        selectedAgent.addListener((observable, previous, agent) -> showAgentTools(agent));
        bridge.addListener(event -> {
            // A remembered approval adds a rule; created and deleted agents change the agent list.
            if (event instanceof EngineEvent.ApprovalResolved
                    || event instanceof EngineEvent.AgentCreated
                    || event instanceof EngineEvent.AgentDeleted) {
                load();
            }
        });
    }

    private record Loaded(
            List<ListedTool> tools, List<ToolPolicyRule> rules, List<Agent> agents, List<McpServerInfo> servers) {}

    /** Reads the tools, rules, agents and MCP servers again. */
    public void load() {
        work.call(() -> new Loaded(
                        engine.tools().tools(),
                        engine.tools().rules(),
                        engine.agents(),
                        engine.mcp().list()))
                .onlyIfLatest(loads)
                .onSuccess(this::show)
                .onFailure(failure -> error.set(explain(failure)))
                .start("Loading tools");
    }

    private void show(Loaded loaded) {
        showServers(loaded.servers());
        tools.setAll(loaded.tools().stream().map(this::row).toList());
        rules.setAll(loaded.rules().stream()
                .map(rule ->
                        new RuleRow(rule, rule.agentId().map(agentName::apply).orElse("All agents")))
                .toList());
        long selected = Optional.ofNullable(selectedAgent.get()).map(Agent::id).orElse(-1L);
        // Ticks not saved yet survive a reload (the page reloads while MCP servers start).
        java.util.Map<String, Boolean> unsaved = new java.util.HashMap<>();
        agentTools.forEach(
                choice -> unsaved.put(choice.name(), choice.chosenProperty().get()));
        agents.setAll(loaded.agents());
        selectedAgent.set(loaded.agents().stream()
                .filter(agent -> agent.id() == selected)
                .findFirst()
                .orElse(loaded.agents().isEmpty() ? null : loaded.agents().getFirst()));
        showAgentTools(selectedAgent.get());
        if (selectedAgent.get() != null && selectedAgent.get().id() == selected) {
            agentTools.forEach(choice -> {
                Boolean ticked = unsaved.get(choice.name());
                if (ticked != null) {
                    choice.chosenProperty().set(ticked);
                }
            });
        }
    }

    private ToolRow row(ListedTool tool) {
        ToolRow row = new ToolRow(tool);
        row.policyProperty().addListener((observable, previous, policy) -> {
            if (policy != null && policy != previous && !row.reverting) {
                setPolicy(row, previous, policy);
            }
        });
        return row;
    }

    private void setPolicy(ToolRow row, ToolPolicy previous, ToolPolicy policy) {
        error.set("");
        work.call(() -> engine.tools().setPolicy(row.name(), policy))
                .onSuccess(updated -> load())
                .onFailure(failure -> {
                    error.set(explain(failure));
                    row.reverting = true;
                    row.policyProperty().set(previous);
                    row.reverting = false;
                })
                .start("Setting the policy of " + row.name());
    }

    /** Forgets a rule: the tool follows the rule for all agents, or its default, again. */
    public void revoke(RuleRow row) {
        error.set("");
        work.run(() -> engine.tools().revoke(row.rule().tool(), row.rule().agentId()))
                .onSuccess(done -> load())
                .onFailure(failure -> error.set(explain(failure)))
                .start("Revoking a rule for " + row.tool());
    }

    private void showAgentTools(Agent agent) {
        saved.set("");
        if (agent == null) {
            agentTools.clear();
            return;
        }
        agentTools.setAll(tools.stream()
                .map(tool -> new AgentToolChoice(tool.name(), agent.tools().contains(tool.name())))
                .toList());
    }

    /** Gives the selected agent the checked tools. */
    public void saveAgentTools() {
        Agent agent = selectedAgent.get();
        if (agent == null) {
            return;
        }
        List<String> chosen = agentTools.stream()
                .filter(choice -> choice.chosenProperty().get())
                .map(AgentToolChoice::name)
                .toList();
        error.set("");
        work.call(() -> engine.tools().setAgentTools(agent.id(), chosen))
                .onSuccess(updated -> {
                    agents.replaceAll(known -> known.id() == updated.id() ? updated : known);
                    selectedAgent.set(updated);
                    int count = updated.tools().size();
                    saved.set(updated.name() + " now has " + count + (count == 1 ? " tool." : " tools."));
                })
                .onFailure(failure -> error.set(explain(failure)))
                .start("Setting the tools of agent " + agent.id());
    }

    private void showServers(List<McpServerInfo> found) {
        servers.setAll(found);
        if (found.stream().anyMatch(server -> server.status() == McpServerStatus.STARTING)) {
            // Servers start in the background: look again shortly, until none is starting.
            work.call(() -> {
                        pause(STARTING_POLL);
                        return new Loaded(
                                engine.tools().tools(),
                                engine.tools().rules(),
                                engine.agents(),
                                engine.mcp().list());
                    })
                    .onlyIfLatest(serverPolls)
                    .onSuccess(this::show)
                    .start("Reading the MCP servers' status");
        }
    }

    private static void pause(java.time.Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Adds the servers of the pasted text: a whole {@code {"mcpServers": {…}}} block, or its inside ({@code
     * "name": {…}} pairs) as some guides print it. A server with a name already used is replaced.
     */
    public void addPastedServers() {
        serversError.set("");
        JsonNode block;
        try {
            block = McpPaste.block(paste.get());
        } catch (EngineException e) {
            serversError.set(e.getMessage());
            return;
        }
        work.call(() -> engine.mcp().putAll(block))
                .onSuccess(added -> {
                    paste.set("");
                    load();
                })
                .onFailure(failure -> serversError.set(explain(failure)))
                .start("Adding MCP servers");
    }

    /**
     * Puts the server's entry in the paste box for editing, as an {@code mcpServers} block; its secret values show as
     * {@code "<saved>"}, and saving keeps them unless the person types new ones.
     */
    public void edit(McpServerInfo server) {
        serversError.set("");
        work.call(() -> engine.mcp().editableEntry(server.name()))
                .onSuccess(entry -> paste.set(McpPaste.pretty(server.name(), entry)))
                .onFailure(failure -> serversError.set(explain(failure)))
                .start("Reading MCP server " + server.name() + " for editing");
    }

    public void restart(McpServerInfo server) {
        serverChange(() -> engine.mcp().restart(server.name()), "Restarting MCP server " + server.name());
    }

    /** Turns the server off when it is on, and on when it is off. */
    public void toggle(McpServerInfo server) {
        boolean enable = server.status() == McpServerStatus.DISABLED;
        serverChange(
                () -> engine.mcp().setEnabled(server.name(), enable),
                (enable ? "Turning on" : "Turning off") + " MCP server " + server.name());
    }

    /** Removes the server from mcp.json after the person confirms; its tools go with it. */
    public void remove(McpServerInfo server) {
        boolean confirmed = dialogs.confirm(new DialogService.Confirmation(
                "Remove MCP server",
                "Remove \"" + server.name() + "\"?",
                "AgentDeck stops it and forgets its entry in mcp.json, with its settings. Agents lose its tools."));
        if (confirmed) {
            serverChange(
                    () -> {
                        engine.mcp().delete(server.name());
                        return server;
                    },
                    "Removing MCP server " + server.name());
        }
    }

    private void serverChange(java.util.function.Supplier<?> change, String what) {
        serversError.set("");
        work.call(change::get)
                .onSuccess(done -> load())
                .onFailure(failure -> serversError.set(explain(failure)))
                .start(what);
    }

    /** "starting", "connected · 14 tools", "failed: The server exited (exit code 1).", "off". */
    public static String statusText(McpServerInfo server) {
        return switch (server.status()) {
            case STARTING -> "starting…";
            case CONNECTED -> "connected · " + server.tools() + (server.tools() == 1 ? " tool" : " tools");
            case FAILED -> "failed" + server.error().map(error -> ": " + error).orElse("");
            case DISABLED -> "off";
        };
    }

    /** What the server runs, or where it is. */
    public static String detail(McpServerInfo server) {
        return server.url()
                .orElseGet(() -> server.command().orElse("")
                        + (server.args().isEmpty() ? "" : " " + String.join(" ", server.args())));
    }

    public ObservableList<McpServerInfo> servers() {
        return servers;
    }

    public StringProperty pasteProperty() {
        return paste;
    }

    public ReadOnlyStringProperty serversErrorProperty() {
        return serversError.getReadOnlyProperty();
    }

    private static String explain(RuntimeException failure) {
        return failure instanceof EngineException known
                ? known.getMessage()
                : "That did not work; the log file has the details.";
    }

    public ObservableList<ToolRow> tools() {
        return tools;
    }

    public ObservableList<RuleRow> rules() {
        return rules;
    }

    public ObservableList<Agent> agents() {
        return agents;
    }

    public ObjectProperty<Agent> selectedAgentProperty() {
        return selectedAgent;
    }

    public ObservableList<AgentToolChoice> agentTools() {
        return agentTools;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty savedProperty() {
        return saved.getReadOnlyProperty();
    }

    public List<ToolPolicy> policies() {
        return List.of(ToolPolicy.values());
    }
}
