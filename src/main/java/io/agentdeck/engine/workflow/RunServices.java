package io.agentdeck.engine.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.engine.approval.ApprovalService;
import io.agentdeck.engine.chat.ChatService;
import io.agentdeck.engine.creator.AgentCreator;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.store.AgentStore;
import io.agentdeck.engine.store.ConversationStore;
import io.agentdeck.engine.store.WorkflowStore;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The engine's parts every run of a workflow uses, shared by all runs. {@code closing} says AgentDeck is stopping: a
 * run then ends without recording anything, so the next start reports it interrupted.
 */
record RunServices(
        ChatService chat,
        ConversationStore conversations,
        AgentStore agents,
        AgentCreator creator,
        ApprovalService approvals,
        WorkflowStore store,
        EventBus events,
        Clock clock,
        PlanParser parser,
        PlanValidator validator,
        ObjectMapper json,
        BooleanSupplier closing) {}
