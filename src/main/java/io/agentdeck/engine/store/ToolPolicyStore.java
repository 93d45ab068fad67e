package io.agentdeck.engine.store;

import io.agentdeck.engine.tool.ToolPolicyRule;
import java.util.List;
import java.util.Optional;

/** The tool policies people set; a tool without one follows its default. */
public interface ToolPolicyStore {
    List<ToolPolicyRule> findAll();

    /** Sets the rule, replacing the one for the same tool and agent (or all agents). */
    void save(ToolPolicyRule rule);

    /** Removes the rule for the tool and agent (or all agents); true if there was one. */
    boolean delete(String tool, Optional<Long> agentId);
}
