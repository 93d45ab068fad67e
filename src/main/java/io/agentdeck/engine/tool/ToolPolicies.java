package io.agentdeck.engine.tool;

import io.agentdeck.engine.store.ToolPolicyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy that decides each call: a rule for this agent, else a rule for all agents, else the tool's default
 * (read-only tools allow, others ask). Rules are kept in memory; every change is stored first, and with several
 * nodes on one database each reads the rules again every few seconds ({@link #reload()}).
 */
public final class ToolPolicies {
    /** Stands for "every agent" in the cache's keys. */
    private static final long ALL_AGENTS = 0;

    private final ToolPolicyStore store;
    private final Map<Key, ToolPolicy> rules = new ConcurrentHashMap<>();

    private record Key(String tool, long agentId) {}

    public ToolPolicies(ToolPolicyStore store) {
        this.store = store;
        for (ToolPolicyRule rule : store.findAll()) {
            rules.put(key(rule.tool(), rule.agentId()), rule.policy());
        }
    }

    /** What happens when this agent calls this tool. */
    public ToolPolicy effective(ToolInfo tool, long agentId) {
        ToolPolicy forAgent = rules.get(new Key(tool.name(), agentId));
        return forAgent != null ? forAgent : forAllAgents(tool);
    }

    /** What happens when an agent without a rule of its own calls this tool. */
    public ToolPolicy forAllAgents(ToolInfo tool) {
        return Optional.ofNullable(rules.get(new Key(tool.name(), ALL_AGENTS))).orElse(ToolPolicy.defaultFor(tool));
    }

    /**
     * Reads every rule again, for rules set on other nodes sharing the database. Synchronized with the changes made
     * here, so that a rule just set is not dropped by a read that began before it was stored.
     */
    public synchronized void reload() {
        Map<Key, ToolPolicy> stored = new HashMap<>();
        for (ToolPolicyRule rule : store.findAll()) {
            stored.put(key(rule.tool(), rule.agentId()), rule.policy());
        }
        rules.keySet().retainAll(stored.keySet());
        rules.putAll(stored);
    }

    public synchronized void set(String tool, Optional<Long> agentId, ToolPolicy policy) {
        store.save(new ToolPolicyRule(tool, agentId, policy));
        rules.put(key(tool, agentId), policy);
    }

    /** Forgets a rule: the tool follows the rule for all agents, or its default, again. */
    public synchronized boolean revoke(String tool, Optional<Long> agentId) {
        boolean removed = store.delete(tool, agentId);
        rules.remove(key(tool, agentId));
        return removed;
    }

    /** Every rule people set, for all agents first. */
    public List<ToolPolicyRule> rules() {
        return rules.entrySet().stream()
                .map(entry -> new ToolPolicyRule(
                        entry.getKey().tool(),
                        entry.getKey().agentId() == ALL_AGENTS
                                ? Optional.empty()
                                : Optional.of(entry.getKey().agentId()),
                        entry.getValue()))
                .sorted(java.util.Comparator.comparing(
                                (ToolPolicyRule rule) -> rule.agentId().orElse(ALL_AGENTS))
                        .thenComparing(ToolPolicyRule::tool))
                .toList();
    }

    private static Key key(String tool, Optional<Long> agentId) {
        return new Key(tool, agentId.orElse(ALL_AGENTS));
    }
}
