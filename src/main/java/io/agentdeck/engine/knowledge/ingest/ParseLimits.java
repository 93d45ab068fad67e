package io.agentdeck.engine.knowledge.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * The most one file may cost to read.
 *
 * @param maxFileBytes larger files are refused before they are opened
 * @param maxCharacters extracted text beyond this is refused (a zip bomb expands far past it)
 * @param timeout reading that takes longer is stopped
 */
public record ParseLimits(long maxFileBytes, long maxCharacters, Duration timeout) {
    public static final ParseLimits DEFAULTS = new ParseLimits(200L * 1024 * 1024, 20_000_000, Duration.ofMinutes(2));

    public ParseLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (maxFileBytes <= 0 || maxCharacters <= 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Every limit must be positive: " + maxFileBytes + " bytes, "
                    + maxCharacters + " characters, " + timeout);
        }
    }
}
