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

    @Test
    void runsUpToMaxParallelJobsAtOnceAndNoMore() throws Exception {
        try (AgentLane wide = new AgentLane("wide", () -> 3)) {
            CountDownLatch release = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                results.add(wide.submit(
                        java.util.Optional.of((Object) ("thread-" + n)),
                        () -> {
                            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                            awaitQuietly(release);
                            running.decrementAndGet();
                            return n;
                        },
                        () -> {}));
            }
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> running.get() == 3);
            assertThat(wide.runningCount()).isEqualTo(3);
            assertThat(wide.queueLength()).isEqualTo(5);
            release.countDown();
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertThat(peak.get()).isEqualTo(3);
            // A job's result is handed over before its slot is freed, so the last slot frees a moment later.
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> !wide.isWorking());
        }
    }

    @Test
    void jobsOfOneThreadNeverOverlapAndKeepTheirOrderWhileOtherThreadsGoAhead() throws Exception {
        try (AgentLane wide = new AgentLane("wide", () -> 4)) {
            CountDownLatch firstOfA = new CountDownLatch(1);
            CountDownLatch releaseA = new CountDownLatch(1);
            List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<String> a1 = wide.submit(
                    java.util.Optional.of((Object) "A"),
                    () -> {
                        firstOfA.countDown();
                        awaitQuietly(releaseA);
                        order.add("A1");
                        return "A1";
                    },
                    () -> {});
            assertThat(firstOfA.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> a2 = wide.submit(
                    java.util.Optional.of((Object) "A"),
                    () -> {
                        order.add("A2");
                        return "A2";
                    },
                    () -> {});
            CompletableFuture<String> b1 = wide.submit(
                    java.util.Optional.of((Object) "B"),
                    () -> {
                        order.add("B1");
                        return "B1";
                    },
                    () -> {});

            assertThat(b1.get(5, TimeUnit.SECONDS))
                    .as("another thread is not held up by A")
                    .isEqualTo("B1");
            assertThat(a2).as("A's second message waits for A's first").isNotDone();
            assertThat(wide.queueLength()).isEqualTo(1);
            releaseA.countDown();
            assertThat(a2.get(5, TimeUnit.SECONDS)).isEqualTo("A2");
            assertThat(a1).isCompletedWithValue("A1");
            assertThat(order).containsExactly("B1", "A1", "A2");
        }
    }

    @Test
    void aRaisedLimitAppliesToTheNextDispatch() throws Exception {
        java.util.concurrent.atomic.AtomicInteger limit = new java.util.concurrent.atomic.AtomicInteger(1);
        try (AgentLane adjustable = new AgentLane("adjustable", limit::get)) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> first = adjustable.submit(
                    java.util.Optional.of((Object) 1),
                    () -> {
                        awaitQuietly(release);
                        return "first";
                    },
                    () -> {});
            limit.set(2);
            CompletableFuture<String> second =
                    adjustable.submit(java.util.Optional.of((Object) 2), () -> "second", () -> {});
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
            assertThat(first).isNotDone();
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        }
    }
}
