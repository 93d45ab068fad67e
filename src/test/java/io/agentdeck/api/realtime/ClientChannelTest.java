package io.agentdeck.api.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientChannelTest {
    @Test
    void aClientThatNeverTakesItsEventsIsClosedOnceItsOutboxIsFullAndOthersKeepFlowing() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        RecordingTransport stalled = new RecordingTransport(never);
        RecordingTransport healthy = new RecordingTransport(null);
        AtomicInteger closedCallbacks = new AtomicInteger();
        ClientChannel stalledChannel = new ClientChannel("s", stalled, 8, closedCallbacks::incrementAndGet);
        ClientChannel healthyChannel = new ClientChannel("h", healthy, 2_000, () -> {});

        for (int i = 0; i < 1_000; i++) {
            stalledChannel.send("agent_token", "{\"seq\":" + i + "}");
            healthyChannel.send("agent_token", "{\"seq\":" + i + "}");
        }

        healthy.awaitCount(1_000);
        assertThat(healthy.delivered).hasSize(1_000);
        assertThat(stalledChannel.isOpen()).isFalse();
        assertThat(stalled.closeCode).isEqualTo(ClientChannel.CLOSE_TOO_SLOW);
        assertThat(closedCallbacks).hasValue(1);
        never.countDown();
    }

    @Test
    void eventsArriveInTheOrderTheyWereSent() throws Exception {
        RecordingTransport transport = new RecordingTransport(null);
        ClientChannel channel = new ClientChannel("o", transport, 2_000, () -> {});
        for (int i = 0; i < 1_000; i++) {
            channel.send("e", String.valueOf(i));
        }
        transport.awaitCount(1_000);
        assertThat(transport.delivered)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 1_000)
                        .mapToObj(String::valueOf)
                        .toList());
    }

    @Test
    void aFailingSendClosesTheClient() throws Exception {
        Transport broken = new Transport() {
            @Override
            public void deliver(String event, String jsonData) throws Exception {
                throw new java.io.IOException("connection reset");
            }

            @Override
            public void close(int code, String reason) {}

            @Override
            public String describe() {
                return "broken";
            }
        };
        CountDownLatch closed = new CountDownLatch(1);
        ClientChannel channel = new ClientChannel("b", broken, 8, closed::countDown);
        channel.send("e", "{}");
        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(channel.isOpen()).isFalse();
    }

    private static final class RecordingTransport implements Transport {
        private final CountDownLatch blockUntil;
        private final List<String> delivered = new CopyOnWriteArrayList<>();
        private volatile int closeCode;

        private RecordingTransport(CountDownLatch blockUntil) {
            this.blockUntil = blockUntil;
        }

        @Override
        public void deliver(String event, String jsonData) throws Exception {
            if (blockUntil != null) {
                blockUntil.await();
            }
            delivered.add(jsonData);
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
        }

        @Override
        public String describe() {
            return "test transport";
        }

        void awaitCount(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (delivered.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }
    }
}
