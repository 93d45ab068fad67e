package io.agentdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class FxBridgeTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    /** An FX side that runs queued work only when the test says a pulse happened. */
    private static final class ManualFx implements Executor {
        private final Queue<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            queued.add(command);
        }

        void pulse() {
            for (Runnable next = queued.poll(); next != null; next = queued.poll()) {
                next.run();
            }
        }
    }

    private static EngineEvent.TokenStreamed token(long agentId, long messageId, int seq, String delta) {
        return new EngineEvent.TokenStreamed(agentId, messageId, Optional.empty(), seq, delta, NOW);
    }

    private static EngineEvent.AgentStatusChanged status(long agentId, AgentStatus status) {
        return new EngineEvent.AgentStatusChanged(agentId, "Driver", status, Optional.empty(), NOW);
    }

    @Test
    void tokensOfOneReplyArriveAsOneUpdatePerPulse() {
        EventBus bus = new EventBus();
        ManualFx fx = new ManualFx();
        List<EngineEvent> delivered = new ArrayList<>();
        try (FxBridge bridge = new FxBridge(bus, fx)) {
            bridge.addListener(delivered::add);
            bus.publish(token(1, 10, 0, "Echo"));
            bus.publish(token(1, 10, 1, ": "));
            bus.publish(token(1, 10, 2, "hi"));

            assertThat(delivered)
                    .as("nothing reaches the FX side before the pulse")
                    .isEmpty();
            fx.pulse();

            assertThat(delivered).hasSize(1);
            var merged = (EngineEvent.TokenStreamed) delivered.getFirst();
            assertThat(merged.delta()).isEqualTo("Echo: hi");
            assertThat(merged.seq()).isEqualTo(2);
        }
    }

    @Test
    void otherEventsKeepTheirOrderAndSplitTokenRuns() {
        EventBus bus = new EventBus();
        ManualFx fx = new ManualFx();
        List<EngineEvent> delivered = new ArrayList<>();
        try (FxBridge bridge = new FxBridge(bus, fx)) {
            bridge.addListener(delivered::add);
            bus.publish(status(1, AgentStatus.BUSY));
            bus.publish(token(1, 10, 0, "a"));
            bus.publish(token(2, 20, 0, "x"));
            bus.publish(token(1, 10, 1, "b"));
            bus.publish(token(1, 10, 2, "c"));
            bus.publish(status(1, AgentStatus.IDLE));
            fx.pulse();

            assertThat(delivered)
                    .extracting(event -> switch (event) {
                        case EngineEvent.TokenStreamed t -> t.agentId() + ":" + t.delta();
                        case EngineEvent.AgentStatusChanged s -> s.agentId() + ":" + s.status();
                        default -> event.toString();
                    })
                    .containsExactly("1:BUSY", "1:a", "2:x", "1:bc", "1:IDLE");
        }
    }

    @Test
    void aSynchronousFxSideDeliversAtOnceAndClosingUnsubscribes() {
        EventBus bus = new EventBus();
        List<EngineEvent> delivered = new ArrayList<>();
        FxBridge bridge = new FxBridge(bus, Runnable::run);
        bridge.addListener(delivered::add);
        bus.publish(token(1, 10, 0, "a"));
        assertThat(delivered).hasSize(1);

        bridge.close();
        bus.publish(token(1, 10, 1, "b"));
        assertThat(delivered).hasSize(1);
    }
}
