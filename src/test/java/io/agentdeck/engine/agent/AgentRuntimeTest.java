package io.agentdeck.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentRuntimeTest {
    private final AgentRuntime runtime = new AgentRuntime(7, "Test", () -> 4);
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
    void staysBusyUntilTheLastOfSeveralGenerationsEnds() {
        runtime.busy(Optional.empty(), now);
        runtime.busy(Optional.of(5L), now);
        assertThat(runtime.generations()).isEqualTo(2);

        runtime.idle(now);
        assertThat(runtime.status()).isEqualTo(AgentStatus.BUSY);
        assertThat(runtime.currentTaskId()).contains(5L);
        runtime.idle(now);
        assertThat(runtime.status()).isEqualTo(AgentStatus.IDLE);
        assertThat(runtime.currentTaskId()).isEmpty();
    }

    @Test
    void aFailureBesideAnotherGenerationReturnsToBusyNotIdle() {
        runtime.busy(Optional.empty(), now);
        runtime.busy(Optional.empty(), now);
        runtime.failed(now);
        assertThat(runtime.status()).isEqualTo(AgentStatus.ERROR);
        runtime.idle(now);
        assertThat(runtime.status()).isEqualTo(AgentStatus.BUSY);
        runtime.idle(now);
        assertThat(runtime.status()).isEqualTo(AgentStatus.IDLE);
    }

    @Test
    void refusesToFailOrEndAGenerationThatIsNotRunning() {
        assertThatThrownBy(() -> runtime.failed(now)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> runtime.idle(now)).isInstanceOf(IllegalStateException.class);
        assertThat(runtime.status()).isEqualTo(AgentStatus.IDLE);
    }

    @Test
    void messagesOfOneThreadShareAnAdmissionLock() {
        assertThat(runtime.admission(42)).isSameAs(runtime.admission(42));
        assertThat(java.util.stream.LongStream.range(0, 64)
                        .mapToObj(runtime::admission)
                        .distinct()
                        .count())
                .as("different threads mostly get different locks")
                .isGreaterThan(32);
    }
}
