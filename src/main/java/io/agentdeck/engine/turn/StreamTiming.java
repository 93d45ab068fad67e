package io.agentdeck.engine.turn;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Times one streamed model call: when it was sent, when its first and last pieces of text came, and how many came
 * (the token count when the provider reports none: servers send about one token per piece).
 */
final class StreamTiming {
    private final long sentNanos = System.nanoTime();
    private long firstNanos;
    private long lastNanos;
    private int pieces;

    /** The listener, timed: every piece passes through to it. */
    Consumer<String> around(Consumer<String> listener) {
        return piece -> {
            long now = System.nanoTime();
            if (pieces++ == 0) {
                firstNanos = now;
            }
            lastNanos = now;
            listener.accept(piece);
        };
    }

    /** The call's speed, or empty when no text came (a call that only asked for tools). */
    Optional<Speed> speed(int reportedOutputTokens) {
        if (pieces == 0) {
            return Optional.empty();
        }
        int tokens = reportedOutputTokens > 0 ? reportedOutputTokens : pieces;
        return Optional.of(Speed.measured(sentNanos, firstNanos, lastNanos, tokens));
    }
}
