package io.agentdeck.engine.agent;

import java.time.Instant;
import java.util.Optional;

/**
 * The live side of one agent: its lane and its status. Status moves idle → busy → idle, or busy → error → idle when
 * a call fails, so an agent always ends up idle whatever went wrong.
 */
public final class AgentRuntime implements AutoCloseable {
    private final long agentId;
    private final AgentLane lane;
    private final Object admission = new Object();
    private AgentStatus status = AgentStatus.IDLE;
    private Optional<Long> currentTaskId = Optional.empty();
    private Optional<Instant> lastActiveAt = Optional.empty();

    public AgentRuntime(long agentId, String name) {
        this.agentId = agentId;
        this.lane = new AgentLane(agentId + "-" + name);
    }

    public long agentId() {
        return agentId;
    }

    public AgentLane lane() {
        return lane;
    }

    /** Held while a message is stored and queued, so queue order equals storage order. */
    public Object admission() {
        return admission;
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

    public synchronized void busy(Optional<Long> taskId, Instant at) {
        move(AgentStatus.BUSY);
        currentTaskId = taskId;
        lastActiveAt = Optional.of(at);
    }

    public synchronized void failed(Instant at) {
        move(AgentStatus.ERROR);
        lastActiveAt = Optional.of(at);
    }

    public synchronized void idle(Instant at) {
        if (status != AgentStatus.IDLE) {
            move(AgentStatus.IDLE);
        }
        currentTaskId = Optional.empty();
        lastActiveAt = Optional.of(at);
    }

    private void move(AgentStatus next) {
        boolean allowed = switch (status) {
            case IDLE -> next == AgentStatus.BUSY;
            case BUSY -> next == AgentStatus.IDLE || next == AgentStatus.ERROR;
            case ERROR -> next == AgentStatus.IDLE;
        };
        if (!allowed) {
            throw new IllegalStateException("Agent " + agentId + " cannot go from " + status + " to " + next);
        }
        status = next;
    }

    @Override
    public void close() {
        lane.close();
    }
}
