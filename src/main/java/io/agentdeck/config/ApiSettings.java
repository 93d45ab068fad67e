package io.agentdeck.config;

import java.util.Objects;
import java.util.Optional;

/**
 * How the local API treats its clients, apart from where it listens ({@link ServerSettings}): the rate limit each
 * client gets, or none. Stored as {@code "api"} in {@code settings.json}; the Settings page does not edit it, so
 * saving from the window must carry it over unchanged.
 */
public record ApiSettings(Optional<RateLimitSetting> rateLimit) {

    public ApiSettings {
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    public static ApiSettings defaults() {
        return new ApiSettings(Optional.of(RateLimitSetting.DEFAULT));
    }

    /** No rate limit at all ({@code 0} in settings.json or {@code AGENTDECK_RATE_LIMIT}). */
    public static ApiSettings unlimited() {
        return new ApiSettings(Optional.empty());
    }

    public ApiSettings withRateLimit(Optional<RateLimitSetting> newRateLimit) {
        return new ApiSettings(newRateLimit);
    }
}
