package io.agentdeck.engine;

import io.agentdeck.engine.store.AgentStore;
import io.agentdeck.engine.store.ApprovalStore;
import io.agentdeck.engine.store.ConversationStore;
import io.agentdeck.engine.store.KnowledgeStore;
import io.agentdeck.engine.store.MessageStore;
import io.agentdeck.engine.store.StoreHealth;
import io.agentdeck.engine.store.TaskStore;
import io.agentdeck.engine.store.ToolPolicyStore;
import io.agentdeck.engine.store.WorkflowStore;

/** The storage the engine needs; the persistence layer provides it. */
public record EngineStores(
        AgentStore agents,
        ConversationStore conversations,
        MessageStore messages,
        TaskStore tasks,
        ToolPolicyStore toolPolicies,
        ApprovalStore approvals,
        WorkflowStore workflows,
        KnowledgeStore knowledge,
        StoreHealth health) {}
