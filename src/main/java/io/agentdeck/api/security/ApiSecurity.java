package io.agentdeck.api.security;

import io.agentdeck.api.security.RateLimiter.RateLimit;
import io.agentdeck.config.BindAddress;
import io.agentdeck.engine.account.AccountService;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the local API lets in: the bearer token (absent only with {@code --no-auth} on a loopback bind), the Host
 * names that defeat DNS rebinding, extra allowed browser origins, the per-client rate limit (empty: none), and on a
 * team's server the accounts whose tokens also let in.
 */
public record ApiSecurity(
        Optional<ApiToken> token,
        Set<String> allowedHosts,
        Set<String> extraOrigins,
        Optional<RateLimit> rateLimit,
        Optional<AccountService> accounts) {

    public ApiSecurity {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(accounts, "accounts");
        allowedHosts = Set.copyOf(allowedHosts);
        extraOrigins = Set.copyOf(extraOrigins);
    }

    /** As {@link #forBind(String, Optional, Optional)} with a rate limit. */
    public static ApiSecurity forBind(String bindHost, Optional<ApiToken> token, RateLimit rateLimit) {
        return forBind(bindHost, token, Optional.of(rateLimit));
    }

    /**
     * The defaults for a server bound to {@code bindHost}, with {@code rateLimit} per client or none; refuses
     * {@code --no-auth} on anything but loopback.
     */
    public static ApiSecurity forBind(String bindHost, Optional<ApiToken> token, Optional<RateLimit> rateLimit) {
        if (token.isEmpty() && !BindAddress.isLoopback(bindHost)) {
            throw new IllegalArgumentException(
                    "--no-auth is only allowed when the API binds to a loopback address, not " + bindHost);
        }
        Set<String> hosts = new TreeSet<>(Set.of("localhost", "127.0.0.1", "[::1]", "::1"));
        if (!bindHost.isBlank() && !bindHost.equals("0.0.0.0") && !bindHost.equals("::")) {
            hosts.add(bindHost.toLowerCase(Locale.ROOT));
        }
        return new ApiSecurity(token, hosts, Set.of(), rateLimit, Optional.empty());
    }

    public boolean authRequired() {
        return token.isPresent();
    }

    public ApiSecurity withRateLimit(Optional<RateLimit> limit) {
        return new ApiSecurity(token, allowedHosts, extraOrigins, limit, accounts);
    }

    /** Also answers to these host names (a port, if given, is ignored, as in the Host check). */
    public ApiSecurity withExtraHosts(Set<String> names) {
        Set<String> hosts = new TreeSet<>(allowedHosts);
        names.stream()
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .map(name -> SecurityGate.withoutPort(name).toLowerCase(Locale.ROOT))
                .forEach(hosts::add);
        return new ApiSecurity(token, hosts, extraOrigins, rateLimit, accounts);
    }

    public ApiSecurity withExtraOrigins(Set<String> origins) {
        return new ApiSecurity(token, allowedHosts, origins, rateLimit, accounts);
    }

    /**
     * A team's server: besides the server's own token (the operator's, an admin), each user's tokens let in, and
     * members are kept to what members may do. Needs the server's own token: accounts never go with --no-auth.
     */
    public ApiSecurity withAccounts(AccountService service) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("Accounts need authentication on; --no-auth cannot be used with them");
        }
        return new ApiSecurity(token, allowedHosts, extraOrigins, rateLimit, Optional.of(service));
    }
}
