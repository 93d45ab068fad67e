package io.agentdeck.api.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.api.ApiModule;
import io.agentdeck.api.realtime.RealtimeHub;
import io.agentdeck.api.security.Caller;
import io.agentdeck.api.security.SecurityGate;
import io.javalin.config.EventConfig;
import io.javalin.config.JavalinConfig;
import io.javalin.config.JettyConfig;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoServerOptions;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.socketio.server.SocketIoServer;
import io.socket.socketio.server.SocketIoServerOptions;
import io.socket.socketio.server.SocketIoSocket;
import io.socket.socketio.server.parser.IOParser;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket.IO v4 at {@code /socket.io/} (default namespace), carrying the same events as {@code /ws}. The security
 * filter runs on every polling request and WebSocket upgrade here, except for the token: socket.io-client sends that
 * in the CONNECT packet, so {@link ConnectGate} checks it there before the library lets the client join.
 */
public final class SocketIoModule implements ApiModule {
    private static final Logger LOG = LoggerFactory.getLogger(SocketIoModule.class);
    private static final String PATH_SPEC = "/socket.io/*";
    private static final long PING_INTERVAL_MS = 25_000;
    private static final long PING_TIMEOUT_MS = 20_000;
    /** How long an engine.io connection may stay without joining the namespace, e.g. after a refused token. */
    private static final long CONNECT_TIMEOUT_MS = 10_000;
    /**
     * The parser logs each malformed packet a client sends as a warning with a stack trace (to stderr: nothing bridges
     * java.util.logging here), so any client could flood the log. Held here because JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger PARSER_LOG = quietParserLog();

    private final RealtimeHub hub;
    private final SecurityGate gate;
    private final ObjectMapper json;

    public SocketIoModule(RealtimeHub hub, SecurityGate gate, ObjectMapper json) {
        this.hub = hub;
        this.gate = gate;
        this.json = json;
    }

    @Override
    public void register(JavalinConfig config) {
        install(config.jetty, config.events);
    }

    /** Also reachable through {@code Javalin.unsafe}, so tests can add the module to an app built by ApiServer. */
    void install(JettyConfig jetty, EventConfig events) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("socket.io-timer").factory());
        EngineIoServer engine = new EngineIoServer(engineOptions(timer));
        SocketIoServer socketIo = new SocketIoServer(
                engine, SocketIoServerOptions.newFromDefault().setConnectionTimeout(CONNECT_TIMEOUT_MS));
        HandshakeCredentials credentials = new HandshakeCredentials(gate);
        // Registered after SocketIoServer's own listener, which creates the reader that the gate then wraps.
        engine.on("connection", args -> ConnectGate.install((EngineIoSocket) args[0], credentials));
        Set<EngineIoSocket> open = ConcurrentHashMap.newKeySet();
        engine.on("connection", args -> {
            EngineIoSocket socket = (EngineIoSocket) args[0];
            open.add(socket);
            socket.on("close", (closed, reason) -> open.remove(closed));
        });
        socketIo.namespace("/").on("connection", args -> onConnection((SocketIoSocket) args[0], credentials));

        SocketIoServlet servlet = new SocketIoServlet(engine);
        jetty.modifyServletContextHandler(handler -> {
            ServletHolder holder = new ServletHolder("socket.io", servlet);
            holder.setAsyncSupported(true);
            // More specific than Javalin's "/*", so Javalin never sees these requests.
            handler.addServlet(holder, PATH_SPEC);
        });
        // While Jetty still runs: closing every Engine.IO socket (joined or not) answers a held long poll with a close
        // packet at once, so a polling client learns of the shutdown now instead of when Jetty's graceful stop gives
        // up on its poll. EngineIoServer.shutdown only forgets the sockets, so it comes after Jetty has stopped.
        events.serverStopping(() -> List.copyOf(open).forEach(EngineIoSocket::close));
        events.serverStopped(() -> {
            engine.shutdown();
            timer.shutdownNow();
        });
    }

    private static EngineIoServerOptions engineOptions(ScheduledExecutorService timer) {
        EngineIoServerOptions options = EngineIoServerOptions.newFromDefault()
                .setPingInterval(PING_INTERVAL_MS)
                .setPingTimeout(PING_TIMEOUT_MS)
                .setAllowedCorsOrigins(EngineIoServerOptions.ALLOWED_CORS_ORIGIN_NONE)
                // The security filter already sends CORS headers, and only to origins the gate allows.
                .setCorsHandlingDisabled(true)
                .setAllowSyncPolling(false);
        options.setScheduledExecutorService(timer);
        return options;
    }

    private static java.util.logging.Logger quietParserLog() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(IOParser.class.getName());
        log.setLevel(java.util.logging.Level.SEVERE);
        return log;
    }

    private void onConnection(SocketIoSocket socket, HandshakeCredentials credentials) {
        Optional<Caller> caller =
                credentials.callerOf(socket.getInitialHeaders(), socket.getInitialQuery(), socket.getConnectData());
        if (caller.isEmpty()) {
            // The gate refuses such CONNECT packets already; this guards any way around it.
            LOG.warn("Dropping a Socket.IO client that joined without the API token");
            socket.disconnect(true);
            return;
        }
        SocketIoPeer.attach(socket, hub, json, caller.get());
    }
}
