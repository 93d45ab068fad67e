package io.agentdeck.engine.store;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.NewAgent;
import java.util.List;
import java.util.Optional;

public interface AgentStore {
    /** All agents, by id. */
    List<Agent> findAll();

    Optional<Agent> findById(long id);

    Optional<Agent> findByNameIgnoreCase(String name);

    /** Stores an agent with a fixed id (the core agents 1, 2, 3); does nothing if that id exists. */
    Agent saveWithId(long id, NewAgent agent);

    /** Stores an agent under a new id (dynamic agents start after the core ids). */
    Agent save(NewAgent agent);

    /** Sets how many generations the agent may run at once; empty: the settings' default. */
    Agent setMaxParallel(long id, Optional<Integer> limit);

    /** Deletes the agent with its conversations and messages. */
    void delete(long id);

    /** Sets the tools the agent may call (names from the tool catalog). */
    Agent setTools(long id, List<String> tools);
}
