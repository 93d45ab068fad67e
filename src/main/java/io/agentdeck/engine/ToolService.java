package io.agentdeck.engine;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentRegistry;
import io.agentdeck.engine.approval.Approval;
import io.agentdeck.engine.approval.ApprovalService;
import io.agentdeck.engine.approval.ApprovalStatus;
import io.agentdeck.engine.chat.MessageRole;
import io.agentdeck.engine.chat.NewMessage;
import io.agentdeck.engine.store.MessageStore;
import io.agentdeck.engine.tool.AgentToolBox;
import io.agentdeck.engine.tool.Tool;
import io.agentdeck.engine.tool.ToolCatalog;
import io.agentdeck.engine.tool.ToolInfo;
import io.agentdeck.engine.tool.ToolPolicies;
import io.agentdeck.engine.tool.ToolPolicy;
import io.agentdeck.engine.tool.ToolPolicyRule;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** The engine's tools area: the tool catalog, the policies people set, the agents' tools and the approvals. */
public final class ToolService {
    /** A tool as listed: what it is, and what happens when an agent without a rule of its own calls it. */
    public record ListedTool(ToolInfo info, ToolPolicy policy) {}

    private final InitializationGate gate;
    private final ToolCatalog catalog;
    private final ToolPolicies policies;
    private final ApprovalService approvals;
    private final AgentRegistry registry;
    private final MessageStore messages;
    private final AgentToolBox toolBox;

    public ToolService(
            InitializationGate gate,
            ToolCatalog catalog,
            ToolPolicies policies,
            ApprovalService approvals,
            AgentRegistry registry,
            MessageStore messages,
            AgentToolBox toolBox) {
        this.gate = gate;
        this.catalog = catalog;
        this.policies = policies;
        this.approvals = approvals;
        this.registry = registry;
        this.messages = messages;
        this.toolBox = toolBox;
    }

    /**
     * Tells the threads whose turn waited for an approval when AgentDeck stopped that the turn was interrupted, once:
     * the question stays unanswered until it is asked again, and the approval can still be decided (a remembered
     * decision applies to the next call).
     */
    public void reportInterruptedTurns() {
        for (Approval approval : approvals.takeOrphaned()) {
            if (approval.conversationId().isEmpty() || approval.questionId().isEmpty()) {
                continue;
            }
            messages.append(new NewMessage(
                    approval.agentId(),
                    approval.conversationId().get(),
                    MessageRole.ERROR,
                    "Interrupted: AgentDeck stopped while " + approval.tool().orElse("a tool")
                            + " waited for approval. Ask again to continue.",
                    Optional.empty(),
                    Optional.empty(),
                    approval.questionId()));
        }
    }

    /** Reads the tool policies again: another node sharing the database may have changed them. */
    public void reloadPolicies() {
        policies.reload();
    }

    public List<ListedTool> tools() {
        return catalog.all().stream()
                .map(tool -> new ListedTool(tool.info(), policies.forAllAgents(tool.info())))
                .toList();
    }

    /** Sets what happens when any agent without a rule of its own calls the tool. */
    public ListedTool setPolicy(String name, ToolPolicy policy) {
        Tool tool = require(name);
        policies.set(name, Optional.empty(), policy);
        return new ListedTool(tool.info(), policies.forAllAgents(tool.info()));
    }

    /** Every rule people set (by hand or by remembering an approval), for all agents first. */
    public List<ToolPolicyRule> rules() {
        return policies.rules();
    }

    /** Forgets a rule; the tool follows the rule for all agents, or its default, again. */
    public void revoke(String tool, Optional<Long> agentId) {
        if (!policies.revoke(tool, agentId)) {
            throw EngineException.notFound("There is no rule for " + tool
                    + agentId.map(id -> " and agent " + id).orElse(" for all agents") + ".");
        }
    }

    /**
     * Sets the tools an agent may call, in the order given (duplicates dropped).
     *
     * @throws EngineException invalid when a name is not a known tool
     */
    public Agent setAgentTools(long agentId, List<String> names) {
        gate.require();
        List<String> unknown =
                names.stream().filter(name -> catalog.find(name).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw EngineException.invalid(
                    "Unknown tools: " + String.join(", ", unknown) + ". GET /api/tools lists the tools there are.");
        }
        return registry.setTools(agentId, List.copyOf(new LinkedHashSet<>(names)));
    }

    public List<Approval> approvals(Optional<ApprovalStatus> status) {
        return approvals.list(status);
    }

    public Approval approval(long id) {
        return approvals.get(id);
    }

    public Approval decide(
            long id, ApprovalService.Decision decision, ApprovalService.Remember remember, Optional<String> reason) {
        return approvals.decide(id, decision, remember, reason);
    }

    /** AgentDeck is stopping: waiting turns end, their approvals stay pending; running tool calls are stopped. */
    void close() {
        approvals.close();
        toolBox.close();
    }

    private Tool require(String name) {
        return catalog.find(name)
                .orElseThrow(() -> EngineException.notFound("There is no tool named \"" + name + "\"."));
    }
}
