package io.agentdeck.persistence;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** The columns keep microseconds; truncating first makes what a store returns equal to what it reads back later. */
final class Timestamps {
    private Timestamps() {}

    static Instant now(Clock clock) {
        return stored(clock.instant());
    }

    static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static Instant stored(Optional<Instant> instant) {
        return instant.map(Timestamps::stored).orElse(null);
    }
}
