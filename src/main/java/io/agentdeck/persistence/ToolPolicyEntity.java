package io.agentdeck.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "tool_policies")
class ToolPolicyEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "tool", nullable = false)
    private String tool;

    /** 0 for the rule for all agents. */
    @Column(name = "agent_id", nullable = false)
    private long agentId;

    @Column(name = "policy", nullable = false)
    private String policy;

    protected ToolPolicyEntity() {}

    ToolPolicyEntity(String tool, long agentId, String policy) {
        this.tool = tool;
        this.agentId = agentId;
        this.policy = policy;
    }

    String tool() {
        return tool;
    }

    long agentId() {
        return agentId;
    }

    String policy() {
        return policy;
    }

    void setPolicy(String policy) {
        this.policy = policy;
    }
}
