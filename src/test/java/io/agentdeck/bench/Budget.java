package io.agentdeck.bench;

import java.time.Duration;

/**
 * Counts and times of a run, multiplied by {@code -Dbench.scale} (1 by default; a smaller scale gives a quick, rougher
 * run for trying the benchmarks out).
 */
record Budget(double scale) {
    int count(int full) {
        return Math.max(1, (int) Math.round(full * scale));
    }

    Duration time(Duration full) {
        return Duration.ofMillis(Math.max(200, Math.round(full.toMillis() * scale)));
    }

    Duration seconds(int full) {
        return time(Duration.ofSeconds(full));
    }
}
