package io.agentdeck.testing;

import java.time.Duration;

/**
 * How long a test waits for something asynchronous before it fails: long enough for a loaded CI machine, and only
 * ever reached when something is wrong, so it costs nothing when the test passes.
 */
public final class Waits {
    public static final long WAIT_SECONDS = 20;
    public static final Duration WAIT = Duration.ofSeconds(WAIT_SECONDS);

    private Waits() {}
}
