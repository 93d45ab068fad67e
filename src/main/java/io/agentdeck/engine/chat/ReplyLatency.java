package io.agentdeck.engine.chat;

import java.time.Instant;
import java.util.Objects;

/** How long one stored reply of an agent took, and when it was written. */
public record ReplyLatency(long messageId, long durationMs, Instant at) {
    public ReplyLatency {
        Objects.requireNonNull(at, "at");
    }
}
