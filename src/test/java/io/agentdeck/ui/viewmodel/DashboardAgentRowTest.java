package io.agentdeck.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.agent.AgentType;
import io.agentdeck.engine.chat.ReplyLatency;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DashboardAgentRowTest {
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    private final DashboardAgentRow row = new DashboardAgentRow(
            new Agent(
                    7,
                    "Scout",
                    AgentType.DYNAMIC,
                    "scouts",
                    "You scout.",
                    List.of(),
                    AT,
                    Optional.empty(),
                    Optional.empty()),
            AgentStatus.IDLE);

    @Test
    void aReplyAlreadyDrawnFromTheStoredOnesIsNotDrawnAgainWhenItsEventArrivesLate() {
        row.showEarlierReplies(List.of(new ReplyLatency(40, 120, AT), new ReplyLatency(42, 90, AT)), 12);

        row.replied(42, 90, AT);
        row.replied(45, 300, AT);

        assertThat(row.latency())
                .extracting(LatencyPoint::replyNumber, LatencyPoint::latencyMs)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(11L, 120L),
                        org.assertj.core.groups.Tuple.tuple(12L, 90L),
                        org.assertj.core.groups.Tuple.tuple(13L, 300L));
    }
}
