package io.agentdeck.api.security;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks every request and every WebSocket or Socket.IO handshake passes, in order: Host (DNS rebinding),
 * Origin (cross-site requests), rate limit, then the bearer token.
 */
public final class SecurityGate {
    /** Browsers cannot set headers on these, so they may carry the token as {@code ?token=}. */
    private static final Set<String> QUERY_TOKEN_PREFIXES = Set.of("/ws", "/socket.io", "/docs", "/openapi.json");
    /**
     * Socket.IO clients send the token in the CONNECT packet ({@code auth: {token}}), after the HTTP handshake, so
     * the Socket.IO module checks it there with {@link #authorizes}; Host, Origin and rate limit still apply here.
     */
    public static final String SOCKET_IO_PATH = "/socket.io/";

    private final ApiSecurity security;
    private final RateLimiter rateLimiter;

    public SecurityGate(ApiSecurity security) {
        this.security = security;
        this.rateLimiter = new RateLimiter(security.rateLimit(), System::nanoTime);
    }

    public ApiSecurity security() {
        return security;
    }

    public Optional<Refusal> check(RequestFacts request) {
        Optional<Refusal> refusal = checkHost(request).or(() -> checkOrigin(request));
        if (refusal.isPresent()) {
            return refusal;
        }
        Optional<Duration> wait =
                isEstablishedSocketIoSession(request) ? Optional.empty() : rateLimiter.acquire(request.remoteAddress());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            return Optional.of(new Refusal(
                    429,
                    "rate_limited",
                    "Too many requests from this client.",
                    "Wait " + seconds + " s and retry.",
                    Optional.of(Duration.ofSeconds(seconds))));
        }
        if (isPublic(request) || !security.authRequired() || request.path().startsWith(SOCKET_IO_PATH)) {
            return Optional.empty();
        }
        return checkToken(request);
    }

    /** Whether any of the presented credentials is the API token (always true when authentication is off). */
    public boolean authorizes(
            Optional<String> authorizationHeader, Optional<String> queryToken, Optional<String> authToken) {
        if (!security.authRequired()) {
            return true;
        }
        ApiToken token = security.token().orElseThrow();
        Optional<String> bearer = authorizationHeader
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7));
        return bearer.filter(token::matches).isPresent()
                || queryToken.filter(token::matches).isPresent()
                || authToken.filter(token::matches).isPresent();
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
        if (security.allowedHosts().contains(host.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(Refusal.of(
                403,
                "forbidden_host",
                "This server does not answer to the host name in the request.",
                "Use http://127.0.0.1 or http://localhost."));
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

    private Optional<Refusal> checkToken(RequestFacts request) {
        ApiToken token = security.token().orElseThrow();
        Optional<String> presented = request.authorization()
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7));
        if (presented.isEmpty() && allowsQueryToken(request.path())) {
            presented = request.queryToken();
        }
        if (presented.isPresent() && token.matches(presented.get())) {
            return Optional.empty();
        }
        return Optional.of(Refusal.of(
                401,
                "unauthorized",
                presented.isEmpty() ? "This request needs the API token." : "The API token is not valid.",
                "Send 'Authorization: Bearer <token>'; the token is in Settings or in the data directory's api-token"
                        + " file."));
    }

    /**
     * A Socket.IO polling client makes a request per flush of events, hundreds a second while a reply streams; once
     * its session exists (it passed the handshake, which is rate limited) those requests are not counted.
     */
    private static boolean isEstablishedSocketIoSession(RequestFacts request) {
        return request.path().startsWith(SOCKET_IO_PATH)
                && request.socketIoSession().isPresent();
    }

    private static boolean isPublic(RequestFacts request) {
        return ("GET".equalsIgnoreCase(request.method()) && "/".equals(request.path()))
                || "OPTIONS".equalsIgnoreCase(request.method());
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
