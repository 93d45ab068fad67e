package io.agentdeck.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentLaneTest {
    private final AgentLane lane = new AgentLane("test");

    @AfterEach
    void close() {
        lane.close();
    }

    @Test
    void runsJobsOneAtATimeInSubmissionOrder() {
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            results.add(lane.submit(
                    () -> {
                        order.add(n);
                        return n;
                    },
                    () -> {}));
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();
        assertThat(order).isSorted().hasSize(100);
    }

    @Test
    void cancelAllDropsQueuedJobsAndSignalsTheRunningOne() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean runningCancelled = new AtomicBoolean();
        CompletableFuture<String> running = lane.submit(
                () -> {
                    started.countDown();
                    awaitQuietly(release);
                    return "done";
                },
                () -> {
                    runningCancelled.set(true);
                    release.countDown();
                });
        CompletableFuture<String> queued = lane.submit(() -> "never", () -> {});
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(lane.queueLength()).isEqualTo(1);

        assertThat(lane.cancelAll()).isEqualTo(2);

        assertThat(runningCancelled).isTrue();
        assertThat(queued)
                .failsWithin(java.time.Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
        assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("done");
    }

    @Test
    void aFailingJobDoesNotStopTheLane() {
        CompletableFuture<String> failing = lane.submit(
                () -> {
                    throw new IllegalStateException("boom");
                },
                () -> {});
        CompletableFuture<String> next = lane.submit(() -> "still working", () -> {});
        assertThat(next.join()).isEqualTo("still working");
        assertThat(failing).isCompletedExceptionally();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
