package io.agentdeck.engine;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentLiveStatus;
import io.agentdeck.engine.agent.AgentRegistry;
import io.agentdeck.engine.agent.AgentRuntime;
import io.agentdeck.engine.chat.AgentStats;
import io.agentdeck.engine.chat.ChatService;
import io.agentdeck.engine.chat.ReplyLatency;
import io.agentdeck.engine.creator.AgentCreator;
import io.agentdeck.engine.creator.AgentCreator.AgentRequest;
import io.agentdeck.engine.creator.AgentSpec;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.store.AgentStore;
import io.agentdeck.engine.store.MessageStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The agents area: listing, figures, live status, parallel limits, the Creator's designs, deleting, cancelling. */
public final class AgentService {
    private final InitializationGate gate;
    private final AgentStore agents;
    private final MessageStore messages;
    private final AgentRegistry registry;
    private final AgentCreator creator;
    private final ChatService chat;
    private final EventBus events;
    private final Clock clock;

    public AgentService(
            InitializationGate gate,
            AgentStore agents,
            MessageStore messages,
            AgentRegistry registry,
            AgentCreator creator,
            ChatService chat,
            EventBus events,
            Clock clock) {
        this.gate = gate;
        this.agents = agents;
        this.messages = messages;
        this.registry = registry;
        this.creator = creator;
        this.chat = chat;
        this.events = events;
        this.clock = clock;
    }

    public List<Agent> all() {
        gate.require();
        return agents.findAll();
    }

    public Agent require(long agentId) {
        gate.require();
        return registry.require(agentId);
    }

    public AgentStats stats(long agentId) {
        require(agentId);
        return messages.statsFor(agentId);
    }

    /** The agent's latest {@code limit} timed replies, oldest first. */
    public List<ReplyLatency> recentReplyLatencies(long agentId, int limit) {
        require(agentId);
        return messages.recentReplyLatencies(agentId, limit);
    }

    public AgentLiveStatus status(long agentId) {
        Agent agent = require(agentId);
        AgentRuntime runtime = registry.runtimeOf(agent);
        return new AgentLiveStatus(
                agent.id(),
                agent.name(),
                runtime.status(),
                runtime.currentTaskId(),
                runtime.lane().queueLength(),
                runtime.lastActiveAt());
    }

    /**
     * Sets how many replies the agent may generate at once (different threads; one thread is always answered in
     * order); empty returns it to the settings' default.
     */
    public Agent setMaxParallel(long agentId, Optional<Integer> limit) {
        gate.require();
        try {
            return registry.setMaxParallel(agentId, limit);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage() + ".");
        }
    }

    /** How many replies the agent may generate at once now: its own limit, else the settings' default. */
    public int maxParallel(long agentId) {
        require(agentId);
        return registry.maxParallelOf(agentId);
    }

    public AgentSpec design(AgentRequest request) {
        gate.require();
        return creator.design(request);
    }

    public Agent create(AgentSpec spec, AgentRequest request) {
        gate.require();
        return creator.create(spec, request);
    }

    public Agent createDynamic(AgentRequest request) {
        gate.require();
        return creator.createDynamicAgent(request);
    }

    /** Deletes a dynamic agent with its threads; the core agents cannot be deleted. */
    public void delete(long agentId) {
        Agent agent = require(agentId);
        if (agent.type().isCore()) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    agent.name() + " is a core agent and cannot be deleted.",
                    "Only agents made by the Creator can be deleted.",
                    null);
        }
        agents.delete(agentId);
        registry.retire(agentId);
        events.publish(new EngineEvent.AgentDeleted(agentId, clock.instant()));
    }

    /** Stops the agent's running generation and its queued messages; returns how many were stopped. */
    public int cancel(long agentId) {
        gate.require();
        return chat.cancel(agentId);
    }
}
