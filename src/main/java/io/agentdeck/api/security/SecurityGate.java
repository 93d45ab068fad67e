package io.agentdeck.api.security;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The checks every request and every WebSocket or Socket.IO handshake passes, in order: Host (DNS rebinding),
 * Origin (cross-site requests), rate limit (per token for a request with the valid token, else per address), then the
 * bearer token.
 */
public final class SecurityGate {
    /** Browsers cannot set headers on these, so they may carry the token as {@code ?token=}. */
    private static final Set<String> QUERY_TOKEN_PREFIXES = Set.of("/ws", "/socket.io", "/docs", "/openapi.json");
    /**
     * Socket.IO clients send the token in the CONNECT packet ({@code auth: {token}}), after the HTTP handshake, so
     * the Socket.IO module checks it there with {@link #authorizes}; Host, Origin and rate limit still apply here.
     */
    public static final String SOCKET_IO_PATH = "/socket.io/";

    /** The bucket shared by every request that presents the API token. */
    static final String TOKEN_CLIENT = "token";

    private final ApiSecurity security;
    private final Optional<RateLimiter> rateLimiter;

    public SecurityGate(ApiSecurity security) {
        this(security, System::nanoTime);
    }

    /** With the clock the rate limiter refills by, for tests. */
    SecurityGate(ApiSecurity security, LongSupplier nanoClock) {
        this.security = security;
        this.rateLimiter = security.rateLimit().map(limit -> new RateLimiter(limit, nanoClock));
    }

    public ApiSecurity security() {
        return security;
    }

    public Optional<Refusal> check(RequestFacts request) {
        return admit(request).refusal();
    }

    /** What a request passing the gate gets: refused, or let in as the caller its token names (none without one). */
    public record Admission(Optional<Refusal> refusal, Optional<Caller> caller) {
        static Admission refused(Refusal refusal) {
            return new Admission(Optional.of(refusal), Optional.empty());
        }

        static Admission allowed(Optional<Caller> caller) {
            return new Admission(Optional.empty(), caller);
        }
    }

    /** Runs the checks and says who the caller is, so that the routes can see what is theirs. */
    public Admission admit(RequestFacts request) {
        Optional<Refusal> refusal = checkHost(request).or(() -> checkOrigin(request));
        if (refusal.isPresent()) {
            return Admission.refused(refusal.get());
        }
        Optional<String> presented = presentedToken(request);
        Optional<Caller> caller;
        try {
            caller = presented.flatMap(this::identify);
        } catch (RuntimeException e) {
            return Admission.refused(Refusal.of(
                    503,
                    "storage_unavailable",
                    "The token could not be checked: the database did not answer.",
                    "Retry in a moment."));
        }
        Optional<Refusal> limited = checkRateLimit(request, caller);
        if (limited.isPresent()) {
            return Admission.refused(limited.get());
        }
        if (caller.isPresent()) {
            if (!caller.get().isAdmin() && AdminOnly.covers(request.method(), request.path())) {
                return Admission.refused(Refusal.of(
                        403,
                        "forbidden",
                        "Only admins of this server may do this.",
                        "Ask an admin; members chat, run tasks and add documents."));
            }
            return Admission.allowed(caller);
        }
        if (!security.authRequired()) {
            return Admission.allowed(Optional.of(Caller.OPERATOR));
        }
        if (isPublic(request) || request.path().startsWith(SOCKET_IO_PATH)) {
            return Admission.allowed(Optional.empty());
        }
        return Admission.refused(unauthorized(presented));
    }

    /** The caller a token names: the server's own token is the operator's; on a team's server, a user's token. */
    private Optional<Caller> identify(String presented) {
        if (security.token().filter(token -> token.matches(presented)).isPresent()) {
            return Optional.of(Caller.OPERATOR);
        }
        return security.accounts()
                .flatMap(accounts -> accounts.authenticate(presented))
                .map(Caller::of);
    }

    /**
     * Who a connection's first valid token names (the operator when authentication is off); empty when none is valid,
     * and the connection is refused.
     */
    public Optional<Caller> callerOf(
            Optional<String> authorizationHeader, Optional<String> queryToken, Optional<String> authToken) {
        Optional<String> bearer = authorizationHeader
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7));
        try {
            Optional<Caller> named = java.util.stream.Stream.of(bearer, queryToken, authToken)
                    .flatMap(Optional::stream)
                    .map(this::identify)
                    .flatMap(Optional::stream)
                    .findFirst();
            if (named.isPresent() || security.authRequired()) {
                return named;
            }
            return Optional.of(Caller.OPERATOR);
        } catch (RuntimeException e) {
            return Optional.empty(); // the database did not answer: refused, and the client may retry
        }
    }

    /** Whether a browser page at {@code origin} may call the API served on {@code localPort}. */
    public boolean isAllowedOrigin(String origin, int localPort) {
        if (security.extraOrigins().contains(origin)) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String host = uri.getHost();
            int port = uri.getPort() == -1 ? ("https".equals(uri.getScheme()) ? 443 : 80) : uri.getPort();
            return host != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && security.allowedHosts().contains(host.toLowerCase(Locale.ROOT))
                    && port == localPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Optional<Refusal> checkHost(RequestFacts request) {
        String host = request.host().map(SecurityGate::withoutPort).orElse("");
        // Health checks reveal nothing, and a load balancer's probes name the node by its address.
        if (security.allowedHosts().contains(host.toLowerCase(Locale.ROOT)) || isHealthCheck(request)) {
            return Optional.empty();
        }
        return Optional.of(Refusal.of(
                403,
                "forbidden_host",
                "This server does not answer to the host name in the request.",
                "Use http://127.0.0.1 or http://localhost, or list this name in AGENTDECK_ALLOWED_HOSTS."));
    }

    private Optional<Refusal> checkOrigin(RequestFacts request) {
        if (request.origin().isEmpty() || isAllowedOrigin(request.origin().get(), request.localPort())) {
            return Optional.empty();
        }
        return Optional.of(Refusal.of(
                403,
                "forbidden_origin",
                "Requests from this web page's origin are not allowed.",
                "Only pages served by AgentDeck itself may call the API from a browser."));
    }

    /**
     * Counts the request in its client's bucket: the API token's when it presents the valid token (a user's own on a
     * team's server), so that all of a script's connections share one allowance whatever address they come from; else
     * its remote address's, so that
     * requests with no token or a wrong one (guesses) cannot use up the token holder's allowance.
     */
    private Optional<Refusal> checkRateLimit(RequestFacts request, Optional<Caller> caller) {
        if (rateLimiter.isEmpty() || isEstablishedSocketIoSession(request)) {
            return Optional.empty();
        }
        String key = caller.map(Caller::rateLimitKey).orElseGet(() -> clientKey(request, false));
        return rateLimiter.get().acquire(key).map(wait -> {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            return new Refusal(
                    429,
                    "rate_limited",
                    "Too many requests from this client.",
                    "Wait " + seconds + " s and retry.",
                    Optional.of(Duration.ofSeconds(seconds)));
        });
    }

    /** The rate-limit bucket of a request; never the token itself, so that it is kept nowhere else. */
    static String clientKey(RequestFacts request, boolean authenticated) {
        return authenticated ? TOKEN_CLIENT : "address:" + request.remoteAddress();
    }

    /** The token a request offers: the bearer header, else {@code ?token=} where browsers cannot set headers. */
    private static Optional<String> presentedToken(RequestFacts request) {
        Optional<String> bearer = request.authorization()
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7));
        if (bearer.isEmpty() && allowsQueryToken(request.path())) {
            return request.queryToken();
        }
        return bearer;
    }

    private static Refusal unauthorized(Optional<String> presented) {
        return Refusal.of(
                401,
                "unauthorized",
                presented.isEmpty() ? "This request needs the API token." : "The API token is not valid.",
                "Send 'Authorization: Bearer <token>'; the token is in Settings or in the data directory's api-token"
                        + " file.");
    }

    /**
     * A Socket.IO polling client makes a request per flush of events, hundreds a second while a reply streams; once
     * its session exists (it passed the handshake, which is rate limited) those requests are not counted.
     */
    private static boolean isEstablishedSocketIoSession(RequestFacts request) {
        return request.path().startsWith(SOCKET_IO_PATH)
                && request.socketIoSession().isPresent();
    }

    /** The health checks: what they say is no secret, and probes carry no token. */
    private static final java.util.Set<String> PUBLIC_PATHS =
            java.util.Set.of("/", "/api/health/live", "/api/health/ready");

    private static boolean isPublic(RequestFacts request) {
        return isHealthCheck(request) || "OPTIONS".equalsIgnoreCase(request.method());
    }

    private static boolean isHealthCheck(RequestFacts request) {
        return "GET".equalsIgnoreCase(request.method()) && PUBLIC_PATHS.contains(request.path());
    }

    private static boolean allowsQueryToken(String path) {
        return QUERY_TOKEN_PREFIXES.stream().anyMatch(path::startsWith);
    }

    /** {@code host:port}, {@code [::1]:port} or a bare name, without the port. */
    static String withoutPort(String hostHeader) {
        String value = hostHeader.strip();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end > 0 ? value.substring(0, end + 1) : value;
        }
        int colon = value.lastIndexOf(':');
        return colon > 0 && value.indexOf(':') == colon ? value.substring(0, colon) : value;
    }
}
