package io.agentdeck.ui.viewmodel;

import java.time.Instant;

/** One reply on the dashboard's latency chart: the agent's n-th reply, how long it took, and when. */
public record LatencyPoint(long replyNumber, long latencyMs, Instant at) {}
