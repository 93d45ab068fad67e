package io.agentdeck.api;

import io.agentdeck.api.realtime.ClientChannel;
import io.agentdeck.api.realtime.RealtimeHub;
import io.agentdeck.api.security.ApiSecurity;
import io.agentdeck.api.security.ApiToken;
import io.agentdeck.api.security.Owners;
import io.agentdeck.api.security.RateLimiter.RateLimit;
import io.agentdeck.config.BindAddress;
import io.agentdeck.config.ServerSettings;
import io.agentdeck.config.SettingsResolver;
import io.agentdeck.engine.Engine;
import io.javalin.Javalin;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API's life: stopped, or running on one address with its real-time hub. It starts, moves to other server
 * settings (stop, turn authentication on or off, start again, or go back where it was when the new address cannot be
 * bound) and stops. The composition root owns one.
 */
public final class LocalApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalApi.class);

    private sealed interface State permits Stopped, Prepared, Running {}

    private record Stopped() implements State {}

    /** Built for an address and a rate limit, not yet listening: see {@link #prepare()}. */
    private record Prepared(Javalin server, RealtimeHub hub, String host, Optional<RateLimit> limit) implements State {}

    private record Running(Javalin server, String host, RealtimeHub hub) implements State {}

    private final Engine engine;
    private final String version;
    private final Supplier<ApiToken> tokens;
    private volatile State state = new Stopped();
    /** Set by {@link #close()}: a build ahead of the start that comes later has nothing left to serve. */
    private boolean closed;
    /** The server settings the API runs with (or last tried to): the ones resolved at start, then the applied ones. */
    private volatile ServerSettings server;

    private final Set<String> extraHosts;
    private final TeamMode team;
    /** Changes only when the API restarts with authentication turned on or off. */
    private volatile Optional<ApiToken> token;
    /** Per client, or none; the configured one until a caller starts the API with another. */
    private volatile Optional<RateLimit> rateLimit;

    /**
     * @param tokens loads (or creates) the API token; called when authentication is or becomes on
     */
    public LocalApi(
            Engine engine,
            String version,
            ServerSettings server,
            Optional<RateLimit> rateLimit,
            Supplier<ApiToken> tokens) {
        this(engine, version, server, rateLimit, tokens, Set.of(), TeamMode.OFF);
    }

    /**
     * @param extraHosts host names clients may use besides the loopback names and the bind address, as behind a load
     *     balancer or on a team's server ({@code AGENTDECK_ALLOWED_HOSTS})
     * @param team on a team's server: the other nodes sharing the database, whose clients hear this node's events and
     *     the other way round, and the users whose tokens let in besides the server's own
     */
    public LocalApi(
            Engine engine,
            String version,
            ServerSettings server,
            Optional<RateLimit> rateLimit,
            Supplier<ApiToken> tokens,
            Set<String> extraHosts,
            TeamMode team) {
        this.team = team;
        this.extraHosts = Set.copyOf(extraHosts);
        this.engine = engine;
        this.version = version;
        this.server = server;
        this.rateLimit = rateLimit;
        this.tokens = tokens;
        this.token = server.authEnabled() ? Optional.of(tokens.get()) : Optional.empty();
    }

    /** Starts on the configured host and port; returns the bound port. Running already, it returns the port. */
    public synchronized int start() {
        return startOn(server.host(), server.port(), rateLimit);
    }

    /**
     * Builds the API for the configured address (routes, security, real-time hub) without listening, so that this
     * can run while the engine starts and {@link #start()} then only binds. Does nothing once running or prepared. A
     * failure here is left for {@code start} to meet and report.
     */
    public synchronized void prepare() {
        if (closed || !(state instanceof Stopped)) {
            return;
        }
        try {
            state = build(server.host(), rateLimit);
        } catch (RuntimeException e) {
            LOG.debug("Building the local API ahead of its start failed; it is built again at start", e);
        }
    }

    /**
     * Starts on the given address with a rate limit per client, or none, which is kept when the API restarts; port 0
     * picks a free port. Returns the bound port; running already, it returns the port and changes nothing.
     */
    public synchronized int startOn(String host, int port, Optional<RateLimit> limit) {
        if (state instanceof Running running) {
            return running.server().port();
        }
        rateLimit = limit;
        Prepared built = state instanceof Prepared prepared
                        && prepared.host().equals(host)
                        && prepared.limit().equals(limit)
                ? prepared
                : rebuild(host, limit);
        state = new Stopped();
        Javalin app = built.server();
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            // The hub already listens to the engine, and Jetty may hold threads: let go of both.
            try {
                built.hub().close();
                app.stop();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        state = new Running(app, host, built.hub());
        LOG.info("Local API listening on http://{}:{}", host, app.port());
        return app.port();
    }

    /** Lets go of what was prepared for another address or limit, and builds for this one. */
    private Prepared rebuild(String host, Optional<RateLimit> limit) {
        if (state instanceof Prepared stale) {
            state = new Stopped();
            stale.hub().close();
        }
        return build(host, limit);
    }

    private Prepared build(String host, Optional<RateLimit> limit) {
        ApiSecurity security = ApiSecurity.forBind(host, token, limit).withExtraHosts(extraHosts);
        if (team.accounts().isPresent()) {
            if (token.isPresent()) {
                security = security.withAccounts(team.accounts().get());
            } else {
                LOG.warn("User accounts are not checked: authentication is off (--no-auth)");
            }
        }
        if (!BindAddress.isLoopback(host)) {
            LOG.warn("The API server binds to {}: other machines on the network can reach it", host);
        }
        if (token.isEmpty()) {
            LOG.warn("API authentication is off (--no-auth): any local program can use the agents");
        }
        if (limit.isEmpty()) {
            LOG.info("The local API has no rate limit (api.rate_limit or {} is 0)", SettingsResolver.ENV_RATE_LIMIT);
        }
        RealtimeHub hub = new RealtimeHub(
                engine,
                JsonSupport.newMapper(),
                Clock.systemUTC(),
                ClientChannel.DEFAULT_OUTBOX,
                team.relay(),
                new Owners(engine, team.accounts()));
        try {
            return new Prepared(ApiServer.create(engine, new ApiConfig(version, security), hub), hub, host, limit);
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    /**
     * Moves the API to other server settings at once: it stops (real-time clients are disconnected and reconnect),
     * authentication is turned on or off, and it starts again on the new address with the same rate limit. Returns the
     * bound port; when the new address cannot be bound it goes back to where it listened, and the exception says why.
     *
     * @throws IllegalArgumentException for authentication off on a non-loopback address, before anything stops
     */
    public synchronized int restart(ServerSettings next) {
        if (!next.authEnabled() && !BindAddress.isLoopback(next.host())) {
            throw new IllegalArgumentException(
                    "authentication can only be off when the API listens on a loopback address, not " + next.host());
        }
        ServerSettings previous = server;
        Optional<ApiToken> previousToken = token;
        // Where it really listened (read before stopping, which forgets the port): a port of 0 was a free port picked
        // at start, and going back means that one.
        Optional<InetSocketAddress> listenedAt = state instanceof Running running
                ? Optional.of(InetSocketAddress.createUnresolved(
                        running.host(), running.server().port()))
                : Optional.empty();
        stop();
        server = next;
        token = next.authEnabled() ? Optional.of(token.orElseGet(tokens)) : Optional.empty();
        try {
            return startOn(next.host(), next.port(), rateLimit);
        } catch (RuntimeException e) {
            server = previous;
            token = previousToken;
            listenedAt.ifPresent(address -> {
                try {
                    startOn(address.getHostString(), address.getPort(), rateLimit);
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                    LOG.warn("The local API could not go back to {}: {}", address, again.getMessage());
                }
            });
            throw e;
        }
    }

    /** Closes the real-time clients first, so that they get their close frames while Jetty still runs. */
    public synchronized void stop() {
        if (state instanceof Prepared prepared) {
            state = new Stopped();
            prepared.hub().close();
        }
        if (state instanceof Running running) {
            state = new Stopped();
            try {
                running.hub().close();
            } catch (RuntimeException e) {
                LOG.warn("Error while closing the real-time clients", e);
            }
            try {
                running.server().stop();
            } catch (RuntimeException e) {
                LOG.warn("Error while stopping the local API", e);
            }
        }
    }

    /** The server settings the API runs with, or last tried to start with. */
    public ServerSettings server() {
        return server;
    }

    /** The rate limit the API runs with (or will start with). */
    public Optional<RateLimit> rateLimit() {
        return rateLimit;
    }

    /** The API token, when authentication is on. */
    public Optional<ApiToken> token() {
        return token;
    }

    public Optional<Integer> port() {
        return state instanceof Running running ? Optional.of(running.server().port()) : Optional.empty();
    }

    /** The address local clients use; a wildcard bind is shown as the loopback address. */
    public Optional<String> url() {
        if (!(state instanceof Running running)) {
            return Optional.empty();
        }
        String host = running.host().equals("0.0.0.0") || running.host().equals("::") ? "127.0.0.1" : running.host();
        return Optional.of("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + running.server().port());
    }

    /** Clients connected over /ws and Socket.IO; 0 while the API is not running. */
    public int realtimeClientCount() {
        return state instanceof Running running ? running.hub().clientCount() : 0;
    }

    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }
}
