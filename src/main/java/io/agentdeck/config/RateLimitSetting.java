package io.agentdeck.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many requests one client of the local API may make: {@code burst} at once, then {@code perSecond} on average.
 * No limit at all is not a value of this type but an empty {@code Optional} (see {@link ApiSettings}).
 */
public record RateLimitSetting(int burst, double perSecond) {

    /** Generous, because a script driving the agents sends requests in bursts. */
    public static final RateLimitSetting DEFAULT = new RateLimitSetting(200, 50);

    /** {@code burst/per_second}, e.g. {@code 200/50} or {@code 5/0.5}; no signs, exponents or hex. */
    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\d{1,9}(?:\\.\\d+)?)");

    public RateLimitSetting {
        if (burst < 1 || !(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(
                    "a rate limit needs a burst of at least 1 and a positive per_second, got burst %d, per_second %s"
                            .formatted(burst, perSecond));
        }
    }

    /**
     * Reads the spelling of {@code AGENTDECK_RATE_LIMIT}: {@code burst/per_second}, or {@code 0} for no limit.
     *
     * @return empty when the text is neither; else the limit, itself empty for {@code 0}
     */
    static Optional<Optional<RateLimitSetting>> parse(String text) {
        String value = text.strip();
        if (value.equals("0")) {
            return Optional.of(Optional.empty());
        }
        Matcher parts = TEXT.matcher(value);
        if (!parts.matches()) {
            return Optional.empty();
        }
        int burst = Integer.parseInt(parts.group(1));
        double perSecond = Double.parseDouble(parts.group(2));
        if (burst < 1 || perSecond <= 0) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(new RateLimitSetting(burst, perSecond)));
    }

    /** The spelling {@link #parse} reads, e.g. {@code 200/50} or {@code 5/0.5}. */
    public String describe() {
        return burst + "/" + (perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : perSecond);
    }
}
