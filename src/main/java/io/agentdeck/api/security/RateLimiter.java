package io.agentdeck.api.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: {@code burst} requests at once, refilled at {@code perSecond}. A refused request learns
 * how long to wait, which becomes {@code Retry-After}.
 */
public final class RateLimiter {
    private static final int MAX_TRACKED_CLIENTS = 10_000;

    private final double capacity;
    private final double refillPerNano;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(RateLimit limit, LongSupplier nanoClock) {
        this.capacity = limit.burst();
        this.refillPerNano = limit.perSecond() / 1e9;
        this.nanoClock = nanoClock;
    }

    /** Empty when the request may go ahead; otherwise how long the client should wait. */
    public Optional<Duration> acquire(String client) {
        if (buckets.size() > MAX_TRACKED_CLIENTS) {
            buckets.clear(); // bounded memory beats perfect accounting under a flood of distinct clients
        }
        Bucket bucket = buckets.computeIfAbsent(client, key -> new Bucket(capacity, nanoClock.getAsLong()));
        synchronized (bucket) {
            long now = nanoClock.getAsLong();
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedAt) * refillPerNano);
            bucket.updatedAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Optional.empty();
            }
            long waitNanos = (long) Math.ceil((1 - bucket.tokens) / refillPerNano);
            return Optional.of(Duration.ofNanos(waitNanos));
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        private Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }

    /** How many requests a client may make: a burst, then a steady rate. */
    public record RateLimit(int burst, double perSecond) {
        public static final RateLimit DEFAULT = new RateLimit(200, 50);

        public RateLimit {
            if (burst < 1 || perSecond <= 0) {
                throw new IllegalArgumentException("A rate limit needs a burst of at least 1 and a positive rate");
            }
        }
    }
}
