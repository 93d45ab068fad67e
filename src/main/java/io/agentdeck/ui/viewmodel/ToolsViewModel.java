package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ToolService.ListedTool;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.tool.ToolPolicy;
import io.agentdeck.engine.tool.ToolPolicyRule;
import io.agentdeck.ui.BackgroundTasks;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Tools page: every tool with what happens when an agent calls it (a person changes that here), the rules people
 * set (by hand or by remembering an approval), which can be revoked, and which tools an agent may call.
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

    public ToolsViewModel(Engine engine, FxBridge bridge, Executor background, LongFunction<String> agentName) {
        this.engine = engine;
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

    private record Loaded(List<ListedTool> tools, List<ToolPolicyRule> rules, List<Agent> agents) {}

    /** Reads the tools, rules and agents again. */
    public void load() {
        work.call(() -> new Loaded(engine.tools().tools(), engine.tools().rules(), engine.agents()))
                .onlyIfLatest(loads)
                .onSuccess(this::show)
                .onFailure(failure -> error.set(explain(failure)))
                .start("Loading tools");
    }

    private void show(Loaded loaded) {
        tools.setAll(loaded.tools().stream().map(this::row).toList());
        rules.setAll(loaded.rules().stream()
                .map(rule ->
                        new RuleRow(rule, rule.agentId().map(agentName::apply).orElse("All agents")))
                .toList());
        long selected = Optional.ofNullable(selectedAgent.get()).map(Agent::id).orElse(-1L);
        agents.setAll(loaded.agents());
        selectedAgent.set(loaded.agents().stream()
                .filter(agent -> agent.id() == selected)
                .findFirst()
                .orElse(loaded.agents().isEmpty() ? null : loaded.agents().getFirst()));
        showAgentTools(selectedAgent.get());
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
