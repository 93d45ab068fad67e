package io.agentdeck.api.security;

import java.time.Duration;
import java.util.Optional;

/** Why a request was turned away, in the API's error terms. */
public record Refusal(int status, String code, String message, String hint, Optional<Duration> retryAfter) {
    public static Refusal of(int status, String code, String message, String hint) {
        return new Refusal(status, code, message, hint, Optional.empty());
    }
}
