package io.agentdeck.engine.agent;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.engine.store.AgentStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Looks agents up and keeps one live runtime (lane + status) per agent. Agents are read from the store once and then
 * kept: every message names its agent, and agents change only through the engine, which tells the registry.
 */
public final class AgentRegistry implements AutoCloseable {
    private final AgentStore store;
    private final IntSupplier defaultMaxParallel;
    private final Map<Long, Agent> known = new ConcurrentHashMap<>();
    private final Map<Long, AgentRuntime> runtimes = new ConcurrentHashMap<>();

    /** {@code defaultMaxParallel} applies to agents without a limit of their own; it is read at every dispatch. */
    public AgentRegistry(AgentStore store, IntSupplier defaultMaxParallel) {
        this.store = store;
        this.defaultMaxParallel = defaultMaxParallel;
    }

    public Agent require(long agentId) {
        Agent agent = known.get(agentId);
        if (agent != null) {
            return agent;
        }
        agent = store.findById(agentId)
                .orElseThrow(() -> EngineException.notFound("No agent with id " + agentId + "."));
        known.put(agentId, agent);
        return agent;
    }

    public AgentRuntime runtimeOf(Agent agent) {
        return runtimes.computeIfAbsent(agent.id(), id -> new AgentRuntime(id, agent.name(), () -> maxParallelOf(id)));
    }

    /** How many generations the agent may run at once now. */
    public int maxParallelOf(long agentId) {
        Agent agent = known.get(agentId);
        Optional<Integer> own = agent == null ? Optional.empty() : agent.maxParallel();
        return own.orElseGet(defaultMaxParallel::getAsInt);
    }

    /** Sets the agent's own limit (empty: the default); a running lane uses it from its next dispatch. */
    public Agent setMaxParallel(long agentId, Optional<Integer> limit) {
        limit.ifPresent(ModelSettings::checkMaxParallel);
        require(agentId);
        Agent updated = store.setMaxParallel(agentId, limit);
        known.put(agentId, updated);
        return updated;
    }

    /** Sets the tools the agent may call; its next turn is offered them. */
    public Agent setTools(long agentId, List<String> tools) {
        require(agentId);
        Agent updated = store.setTools(agentId, tools);
        known.put(agentId, updated);
        return updated;
    }

    /** Stops the agent's lane, cancelling what runs and what waits, and forgets the agent. */
    public void retire(long agentId) {
        known.remove(agentId);
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
