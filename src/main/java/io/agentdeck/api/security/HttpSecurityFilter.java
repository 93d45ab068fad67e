package io.agentdeck.api.security;

import io.agentdeck.api.ApiException;
import io.javalin.http.Context;
import java.util.Optional;

/** Runs the {@link SecurityGate} before every HTTP handler and answers CORS for allowlisted origins only. */
public final class HttpSecurityFilter {
    private static final String ALLOWED_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Accept";

    private final SecurityGate gate;

    public HttpSecurityFilter(SecurityGate gate) {
        this.gate = gate;
    }

    public void before(Context ctx) {
        Optional<Refusal> refusal = gate.check(RequestFacts.of(ctx.req()));
        if (refusal.isPresent()) {
            Refusal r = refusal.get();
            r.retryAfter().ifPresent(wait -> ctx.header("Retry-After", String.valueOf(wait.toSeconds())));
            throw new ApiException(r.status(), r.code(), r.message(), r.hint());
        }
        String origin = ctx.header("Origin");
        if (origin != null) {
            // The gate only lets allowlisted origins through, so this origin may read the response.
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
        }
        if ("OPTIONS".equalsIgnoreCase(ctx.method().name())) {
            ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
            ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
            ctx.skipRemainingHandlers();
        }
    }
}
