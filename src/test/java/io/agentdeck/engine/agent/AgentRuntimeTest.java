package io.agentdeck.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentRuntimeTest {
    private final AgentRuntime runtime = new AgentRuntime(7, "Test");
    private final Instant now = Instant.parse("2026-11-24T10:00:00Z");

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void goesBusyThenIdleRecordingTaskAndActivity() {
        runtime.busy(Optional.of(12L), now);
        assertThat(runtime.status()).isEqualTo(AgentStatus.BUSY);
        assertThat(runtime.currentTaskId()).contains(12L);

        runtime.idle(now.plusSeconds(1));
        assertThat(runtime.status()).isEqualTo(AgentStatus.IDLE);
        assertThat(runtime.currentTaskId()).isEmpty();
        assertThat(runtime.lastActiveAt()).contains(now.plusSeconds(1));
    }

    @Test
    void aFailureGoesThroughErrorBackToIdle() {
        runtime.busy(Optional.empty(), now);
        runtime.failed(now);
        assertThat(runtime.status()).isEqualTo(AgentStatus.ERROR);
        runtime.idle(now);
        assertThat(runtime.status()).isEqualTo(AgentStatus.IDLE);
    }

    @Test
    void refusesTransitionsTheMachineDoesNotHave() {
        assertThatThrownBy(() -> runtime.failed(now)).isInstanceOf(IllegalStateException.class);
        runtime.busy(Optional.empty(), now);
        assertThatThrownBy(() -> runtime.busy(Optional.empty(), now)).isInstanceOf(IllegalStateException.class);
    }
}
