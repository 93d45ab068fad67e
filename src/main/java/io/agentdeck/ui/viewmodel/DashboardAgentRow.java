package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.chat.AgentStats;
import io.agentdeck.engine.chat.ReplyLatency;
import io.agentdeck.ui.BackgroundTasks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One agent on the dashboard: who it is, its live status and queue, its message figures and the latency of its
 * latest replies. Changed only on the FX side by {@link DashboardViewModel}.
 */
public final class DashboardAgentRow {
    /** How many replies the latency chart keeps per agent. */
    public static final int LATENCY_POINTS = 30;

    private final long id;
    private final String name;
    private final String role;
    private final String type;
    private final ReadOnlyObjectWrapper<AgentStatus> status;
    private final ReadOnlyIntegerWrapper queueLength = new ReadOnlyIntegerWrapper();
    private final ReadOnlyLongWrapper messages = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper replies = new ReadOnlyLongWrapper();
    private final ReadOnlyDoubleWrapper averageLatencyMs = new ReadOnlyDoubleWrapper();
    private final ReadOnlyLongWrapper tokens = new ReadOnlyLongWrapper();
    private final ReadOnlyStringWrapper speed = new ReadOnlyStringWrapper("");
    private final ObservableList<LatencyPoint> latency = FXCollections.observableArrayList();
    private final ObservableList<LatencyPoint> latencyView = FXCollections.unmodifiableObservableList(latency);
    private long repliesSeen;
    /** The id of the newest stored reply the chart started with. */
    private long newestEarlierReply;
    /** Reads of this agent's figures: an answer overtaken by a newer read is dropped. */
    private final BackgroundTasks.Latest figureReads = new BackgroundTasks.Latest();

    DashboardAgentRow(Agent agent, AgentStatus initialStatus) {
        this.id = agent.id();
        this.name = agent.name();
        this.role = agent.role();
        this.type = agent.type().wireName();
        this.status = new ReadOnlyObjectWrapper<>(initialStatus);
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String role() {
        return role;
    }

    /** The agent type as the API names it: driver, creator, generator or dynamic. */
    public String type() {
        return type;
    }

    public ReadOnlyObjectProperty<AgentStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public AgentStatus status() {
        return status.get();
    }

    public ReadOnlyIntegerProperty queueLengthProperty() {
        return queueLength.getReadOnlyProperty();
    }

    public int queueLength() {
        return queueLength.get();
    }

    public ReadOnlyLongProperty messagesProperty() {
        return messages.getReadOnlyProperty();
    }

    public long messages() {
        return messages.get();
    }

    public ReadOnlyLongProperty repliesProperty() {
        return replies.getReadOnlyProperty();
    }

    /** The average reply latency over all stored replies; 0 before the first reply. */
    public ReadOnlyDoubleProperty averageLatencyMsProperty() {
        return averageLatencyMs.getReadOnlyProperty();
    }

    public double averageLatencyMs() {
        return averageLatencyMs.get();
    }

    public ReadOnlyLongProperty tokensProperty() {
        return tokens.getReadOnlyProperty();
    }

    public long tokens() {
        return tokens.get();
    }

    /** The latency of the agent's last {@value #LATENCY_POINTS} replies, stored and live, oldest first. */
    public ObservableList<LatencyPoint> latency() {
        return latencyView;
    }

    void status(AgentStatus newStatus) {
        status.set(newStatus);
    }

    void queueLength(int length) {
        queueLength.set(length);
    }

    void stats(AgentStats stats) {
        messages.set(stats.messages());
        replies.set(stats.replies());
        averageLatencyMs.set(stats.averageLatencyMs());
        tokens.set(stats.totalTokens());
        speed.set(stats.averageSpeed()
                .map(average -> ChatBubble.firstTokenText(average.ttftMs()) + " · "
                        + Math.round(average.tokensPerSecond()) + " tok/s")
                .orElse(""));
    }

    /** The average speed of the agent's streamed replies, "420 ms · 38 tok/s"; empty before one was measured. */
    public ReadOnlyStringProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }

    /**
     * Starts the chart with the stored replies from before the dashboard opened, oldest first; {@code totalReplies}
     * numbers them so that the live ones carry on from the last.
     */
    void showEarlierReplies(List<ReplyLatency> earlier, long totalReplies) {
        long first = Math.max(1, totalReplies - earlier.size() + 1);
        List<LatencyPoint> points = new ArrayList<>();
        for (int i = 0; i < earlier.size(); i++) {
            ReplyLatency reply = earlier.get(i);
            points.add(new LatencyPoint(first + i, reply.durationMs(), reply.at()));
        }
        latency.setAll(points.subList(Math.max(0, points.size() - LATENCY_POINTS), points.size()));
        repliesSeen = latency.isEmpty() ? 0 : latency.getLast().replyNumber();
        newestEarlierReply = earlier.isEmpty() ? 0 : earlier.getLast().messageId();
    }

    /** A live reply; one already drawn from the stored replies (its event arrived after the load) is skipped. */
    void replied(long messageId, long latencyMs, Instant at) {
        if (messageId <= newestEarlierReply) {
            return;
        }
        latency.add(new LatencyPoint(++repliesSeen, latencyMs, at));
        if (latency.size() > LATENCY_POINTS) {
            latency.removeFirst();
        }
    }

    BackgroundTasks.Latest figureReads() {
        return figureReads;
    }

    @Override
    public String toString() {
        return name;
    }
}
