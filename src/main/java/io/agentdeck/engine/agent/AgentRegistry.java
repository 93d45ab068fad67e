package io.agentdeck.engine.agent;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.store.AgentStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Looks agents up in the store and keeps one live runtime (lane + status) per agent. */
public final class AgentRegistry implements AutoCloseable {
    private final AgentStore store;
    private final Map<Long, AgentRuntime> runtimes = new ConcurrentHashMap<>();

    public AgentRegistry(AgentStore store) {
        this.store = store;
    }

    public Agent require(long agentId) {
        return store.findById(agentId).orElseThrow(() -> EngineException.notFound("No agent with id " + agentId + "."));
    }

    public AgentRuntime runtimeOf(Agent agent) {
        return runtimes.computeIfAbsent(agent.id(), id -> new AgentRuntime(id, agent.name()));
    }

    /** Stops the agent's lane, cancelling what runs and what waits. */
    public void retire(long agentId) {
        AgentRuntime runtime = runtimes.remove(agentId);
        if (runtime != null) {
            runtime.close();
        }
    }

    @Override
    public void close() {
        runtimes.values().forEach(AgentRuntime::close);
        runtimes.clear();
    }
}
