package io.agentdeck.engine.turn;

/**
 * How fast a streamed answer came: milliseconds from sending the request to its first token, and output tokens per
 * second from the first token to the last. Only a streamed call is measured; a call answered in one piece has no
 * first token to time.
 */
public record Speed(long ttftMs, double tokensPerSecond) {
    public Speed {
        if (ttftMs < 0 || tokensPerSecond < 0 || Double.isNaN(tokensPerSecond)) {
            throw new IllegalArgumentException("A speed is never negative: " + ttftMs + " ms, " + tokensPerSecond);
        }
    }

    /**
     * The speed of a call sent at {@code sentNanos} whose first token came at {@code firstNanos} and last at
     * {@code lastNanos}, having made {@code outputTokens}. The first token's own time is in the first figure, so the
     * rate counts the tokens after it; a reply of one token is given its time to first token as its rate's window.
     */
    public static Speed measured(long sentNanos, long firstNanos, long lastNanos, int outputTokens) {
        long ttftNanos = Math.max(0, firstNanos - sentNanos);
        long windowNanos = lastNanos - firstNanos;
        int after = outputTokens - 1;
        double rate;
        if (after > 0 && windowNanos > 0) {
            rate = after / (windowNanos / 1e9);
        } else {
            rate = ttftNanos > 0 ? Math.max(outputTokens, 0) / (ttftNanos / 1e9) : 0;
        }
        return new Speed(ttftNanos / 1_000_000, Math.round(rate * 10) / 10.0);
    }
}
