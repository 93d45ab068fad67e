package io.agentdeck;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapAfterStartTest {
    @Test
    void collectsOnceAfterTheQuietMoment() throws Exception {
        AtomicInteger collections = new AtomicInteger();
        AtomicLong collectedAt = new AtomicLong();
        long started = System.nanoTime();
        Thread releasing = new HeapAfterStart(Duration.ofMillis(300), () -> true, () -> {
                    collectedAt.set(System.nanoTime());
                    collections.incrementAndGet();
                })
                .releaseSoon();

        assertThat(releasing.join(Duration.ofSeconds(10))).isTrue();
        assertThat(collections).hasValue(1);
        assertThat(Duration.ofNanos(collectedAt.get() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void leavesAJvmWhoseExplicitCollectionStopsEverythingAlone() throws Exception {
        CountDownLatch collected = new CountDownLatch(1);
        Thread releasing = new HeapAfterStart(Duration.ZERO, () -> false, collected::countDown).releaseSoon();

        assertThat(releasing.join(Duration.ofSeconds(10))).isTrue();
        assertThat(collected.await(0, TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void readsWhetherThisJvmCollectsConcurrentlyOnRequest() {
        boolean flagGiven = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch("-XX:+ExplicitGCInvokesConcurrent"::equals);

        assertThat(HeapAfterStart.explicitCollectionIsConcurrent()).isEqualTo(flagGiven);
    }
}
