package io.agentdeck.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.api.security.RateLimiter.RateLimit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whose allowance a request uses: the API token's when it presents the valid token, from whatever address; its remote
 * address's when it has no token or a wrong one. Driven through {@link SecurityGate#check} on a clock that only moves
 * when told to.
 */
class SecurityGateRateLimitTest {
    private static final String TOKEN = "the-real-token-0123456789";
    private static final String LOOPBACK = "127.0.0.1";
    private static final String OTHER = "10.0.0.7";
    private static final String THIRD = "10.0.0.8";

    @TempDir
    Path dataDir;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private ApiToken token;

    @BeforeEach
    void loadToken() {
        token = ApiToken.loadOrCreate(dataDir, Optional.of(TOKEN));
    }

    private SecurityGate gate(Optional<RateLimit> limit) {
        return new SecurityGate(ApiSecurity.forBind("0.0.0.0", Optional.of(token), limit), nanos::get);
    }

    private static RequestFacts get(String path, String address, Optional<String> bearer, Optional<String> query) {
        return new RequestFacts(
                "GET",
                path,
                Optional.of("127.0.0.1:5000"),
                Optional.empty(),
                bearer.map(value -> "Bearer " + value),
                query,
                Optional.empty(),
                address,
                5000);
    }

    private static RequestFacts withToken(String address) {
        return get("/api/status", address, Optional.of(TOKEN), Optional.empty());
    }

    private static RequestFacts withoutToken(String address) {
        return get("/api/status", address, Optional.empty(), Optional.empty());
    }

    private static RequestFacts withWrongToken(String address) {
        return get("/api/status", address, Optional.of("guess-1234"), Optional.empty());
    }

    private static Optional<String> code(Optional<Refusal> refusal) {
        return refusal.map(Refusal::code);
    }

    @Test
    void theSameTokenFromTwoAddressesSharesOneBucket() {
        SecurityGate gate = gate(Optional.of(new RateLimit(3, 1)));

        assertThat(gate.check(withToken(LOOPBACK))).isEmpty();
        assertThat(gate.check(withToken(OTHER))).isEmpty();
        assertThat(gate.check(withToken(LOOPBACK))).isEmpty();

        assertThat(code(gate.check(withToken(OTHER))))
                .as("the fourth request with the token, from another address than the first")
                .contains("rate_limited");
        assertThat(code(gate.check(withToken(THIRD)))).contains("rate_limited");
    }

    @Test
    void requestsWithoutTheTokenAreCountedPerAddress() {
        SecurityGate gate = gate(Optional.of(new RateLimit(2, 1)));

        assertThat(code(gate.check(withoutToken(LOOPBACK)))).contains("unauthorized");
        assertThat(code(gate.check(withoutToken(LOOPBACK)))).contains("unauthorized");
        assertThat(code(gate.check(withoutToken(LOOPBACK)))).contains("rate_limited");

        assertThat(code(gate.check(withoutToken(OTHER))))
                .as("another address has an allowance of its own")
                .contains("unauthorized");
        assertThat(gate.check(withToken(LOOPBACK)))
                .as("the token holder on the exhausted address is counted in the token's bucket")
                .isEmpty();
    }

    @Test
    void wrongTokensAreCountedPerAddressAndDoNotSpendTheTokensAllowance() {
        SecurityGate gate = gate(Optional.of(new RateLimit(2, 1)));

        assertThat(code(gate.check(withWrongToken(OTHER)))).contains("unauthorized");
        assertThat(code(gate.check(withWrongToken(OTHER)))).contains("unauthorized");
        assertThat(code(gate.check(withWrongToken(OTHER))))
                .as("guessing is slowed down by its address")
                .contains("rate_limited");
        assertThat(code(gate.check(withoutToken(OTHER))))
                .as("the same address without any token")
                .contains("rate_limited");

        assertThat(gate.check(withToken(LOOPBACK))).isEmpty();
        assertThat(gate.check(withToken(OTHER))).isEmpty();
    }

    @Test
    void aQueryTokenCountsAsTheTokenOnlyWhereItIsAccepted() {
        SecurityGate gate = gate(Optional.of(new RateLimit(1, 1)));
        assertThat(code(gate.check(withoutToken(LOOPBACK)))).contains("unauthorized");
        assertThat(code(gate.check(withoutToken(LOOPBACK)))).contains("rate_limited");

        assertThat(gate.check(get("/openapi.json", LOOPBACK, Optional.empty(), Optional.of(TOKEN))))
                .as("?token= on /openapi.json is the token")
                .isEmpty();
        assertThat(code(gate.check(get("/api/status", LOOPBACK, Optional.empty(), Optional.of(TOKEN)))))
                .as("?token= on a REST route is not accepted, so it is counted by address")
                .contains("rate_limited");
    }

    @Test
    void theRefusalSaysWhenToRetryAndTheBucketRefills() {
        SecurityGate gate = gate(Optional.of(new RateLimit(2, 0.5)));
        gate.check(withToken(LOOPBACK));
        gate.check(withToken(LOOPBACK));

        Refusal refusal = gate.check(withToken(LOOPBACK)).orElseThrow();
        assertThat(refusal.status()).isEqualTo(429);
        assertThat(refusal.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(refusal.hint()).isEqualTo("Wait 2 s and retry.");

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(gate.check(withToken(OTHER))).isEmpty();
        assertThat(code(gate.check(withToken(OTHER)))).contains("rate_limited");
    }

    @Test
    void noLimitLetsEveryRequestThrough() {
        SecurityGate gate = gate(Optional.empty());

        for (int i = 0; i < 1_000; i++) {
            assertThat(gate.check(withToken(LOOPBACK))).isEmpty();
            assertThat(code(gate.check(withWrongToken(LOOPBACK)))).contains("unauthorized");
        }
    }

    @Test
    void hostAndOriginAreCheckedFirstAndSpendNothing() {
        SecurityGate gate = gate(Optional.of(new RateLimit(1, 1)));
        RequestFacts foreignHost = new RequestFacts(
                "GET",
                "/api/status",
                Optional.of("evil.example:5000"),
                Optional.empty(),
                Optional.of("Bearer " + TOKEN),
                Optional.empty(),
                Optional.empty(),
                LOOPBACK,
                5000);
        RequestFacts foreignOrigin = new RequestFacts(
                "GET",
                "/api/status",
                Optional.of("127.0.0.1:5000"),
                Optional.of("http://evil.example"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                LOOPBACK,
                5000);

        for (int i = 0; i < 5; i++) {
            assertThat(code(gate.check(foreignHost))).contains("forbidden_host");
            assertThat(code(gate.check(foreignOrigin))).contains("forbidden_origin");
        }
        assertThat(gate.check(withToken(LOOPBACK))).isEmpty();
        assertThat(code(gate.check(withoutToken(LOOPBACK)))).contains("unauthorized");
    }

    @Test
    void anEstablishedSocketIoSessionIsNotCountedButItsHandshakeIs() {
        SecurityGate gate = gate(Optional.of(new RateLimit(1, 1)));
        RequestFacts handshake = get("/socket.io/", LOOPBACK, Optional.empty(), Optional.empty());
        RequestFacts poll = new RequestFacts(
                "GET",
                "/socket.io/",
                Optional.of("127.0.0.1:5000"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of("session-1"),
                LOOPBACK,
                5000);

        assertThat(gate.check(handshake)).isEmpty();
        assertThat(code(gate.check(handshake))).contains("rate_limited");
        for (int i = 0; i < 50; i++) {
            assertThat(gate.check(poll)).isEmpty();
        }
    }

    @Test
    void bucketsAreNamedWithoutTheToken() {
        assertThat(SecurityGate.clientKey(withToken(OTHER), true))
                .isEqualTo(SecurityGate.TOKEN_CLIENT)
                .doesNotContain(TOKEN);
        assertThat(SecurityGate.clientKey(withWrongToken(OTHER), false)).isEqualTo("address:" + OTHER);
    }
}
