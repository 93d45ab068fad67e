package io.agentdeck.engine.agent;

import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The live side of one agent: its lane and its status. The agent is busy while any of its generations runs and idle
 * when none does; a failing generation shows error until it ends, so an agent always ends up idle whatever went wrong.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final int ADMISSION_STRIPES = 64;

    private final long agentId;
    private final AgentLane lane;
    private final Object[] admissionLocks = new Object[ADMISSION_STRIPES];
    private AgentStatus status = AgentStatus.IDLE;
    private int generations;
    private Optional<Long> currentTaskId = Optional.empty();
    private Optional<Instant> lastActiveAt = Optional.empty();

    /** {@code maxParallel} is how many generations may run at once; it is read whenever one could start. */
    public AgentRuntime(long agentId, String name, IntSupplier maxParallel) {
        this.agentId = agentId;
        this.lane = new AgentLane(agentId + "-" + name, maxParallel);
        for (int i = 0; i < ADMISSION_STRIPES; i++) {
            admissionLocks[i] = new Object();
        }
    }

    public long agentId() {
        return agentId;
    }

    public AgentLane lane() {
        return lane;
    }

    /**
     * Held while a message of the conversation is stored and queued, so that a thread's queue order equals its storage
     * order; messages of other threads are admitted beside it (the locks are striped, not one per agent).
     */
    public Object admission(long conversationId) {
        return admissionLocks[Math.floorMod(Long.hashCode(conversationId), ADMISSION_STRIPES)];
    }

    public synchronized AgentStatus status() {
        return status;
    }

    public synchronized Optional<Long> currentTaskId() {
        return currentTaskId;
    }

    public synchronized Optional<Instant> lastActiveAt() {
        return lastActiveAt;
    }

    /** How many generations run now. */
    public synchronized int generations() {
        return generations;
    }

    /** A generation starts; with a task, that task is the one the agent reports working on. */
    public synchronized void busy(Optional<Long> taskId, Instant at) {
        generations++;
        if (status == AgentStatus.IDLE) {
            status = AgentStatus.BUSY;
        }
        taskId.ifPresent(id -> currentTaskId = Optional.of(id));
        lastActiveAt = Optional.of(at);
    }

    /** A running generation failed; the agent shows error until that generation ends. */
    public synchronized void failed(Instant at) {
        if (generations == 0) {
            throw new IllegalStateException("Agent " + agentId + " has no running generation that could fail");
        }
        status = AgentStatus.ERROR;
        lastActiveAt = Optional.of(at);
    }

    /** A generation ended, well or not; the agent is idle again once none runs. */
    public synchronized void idle(Instant at) {
        if (generations == 0) {
            throw new IllegalStateException("Agent " + agentId + " has no running generation to end");
        }
        generations--;
        if (generations == 0) {
            status = AgentStatus.IDLE;
            currentTaskId = Optional.empty();
        } else {
            status = AgentStatus.BUSY;
        }
        lastActiveAt = Optional.of(at);
    }

    @Override
    public void close() {
        lane.close();
    }
}
