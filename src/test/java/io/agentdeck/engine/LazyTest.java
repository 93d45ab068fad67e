package io.agentdeck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {

    @Test
    void nothingIsMadeUntilAskedAndThenOnlyOnceForManyThreadsAtOnce() throws Exception {
        AtomicInteger made = new AtomicInteger();
        CountDownLatch allAsking = new CountDownLatch(8);
        Lazy<Object> lazy = Lazy.of(() -> {
            made.incrementAndGet();
            // Slow, so that the other threads ask while the first is still making it.
            sleep(100);
            return new Object();
        });
        assertThat(made).hasValue(0);
        assertThat(lazy.isMade()).isFalse();

        List<Future<Object>> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                answers.add(threads.submit(() -> {
                    allAsking.countDown();
                    allAsking.await();
                    return lazy.get();
                }));
            }
        }
        Object first = answers.getFirst().get();
        for (Future<Object> answer : answers) {
            assertThat(answer.get()).isSameAs(first);
        }
        assertThat(made).hasValue(1);
        assertThat(lazy.isMade()).isTrue();
    }

    @Test
    void aFailedMakingKeepsNothingSoTheNextCallTriesAgain() {
        AtomicInteger attempts = new AtomicInteger();
        Lazy<String> lazy = Lazy.of(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("not yet");
            }
            return "made";
        });

        assertThatThrownBy(lazy::get).hasMessage("not yet");
        assertThat(lazy.isMade()).isFalse();
        assertThat(lazy.get()).isEqualTo("made");
        assertThat(lazy.get()).isEqualTo("made");
        assertThat(attempts).hasValue(2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
