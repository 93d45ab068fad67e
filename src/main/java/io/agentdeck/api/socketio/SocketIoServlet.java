package io.agentdeck.api.socketio;

import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.utils.ParseQS;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * engine.io over HTTP at {@code /socket.io/*}: long-polling through {@link EngineIoServer#handleRequest}, WebSocket
 * upgrades through {@link JettyEngineIoWebSocket}. engine.io-server trusts its input more than a local API may, so
 * requests are checked first: only EIO=4 GETs and POSTs, bodies read here up to the size limit and made of well-formed
 * packets; a failure inside the library becomes a 400 and closes that connection, never a 500.
 */
final class SocketIoServlet extends JettyWebSocketServlet {
    private static final Logger LOG = LoggerFactory.getLogger(SocketIoServlet.class);
    static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
    /** Longer than a ping interval plus its timeout, so only engine.io decides when a quiet client is gone. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Frames queued for a client that stopped reading before its sends fail and it is disconnected. */
    private static final int MAX_QUEUED_FRAMES = 4_096;

    private final EngineIoServer engine;
    private final Map<String, EngineIoSocket> connections = new ConcurrentHashMap<>();

    SocketIoServlet(EngineIoServer engine) {
        this.engine = engine;
        engine.on("connection", args -> track((EngineIoSocket) args[0]));
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        factory.setIdleTimeout(IDLE_TIMEOUT);
        factory.setMaxTextMessageSize(MAX_PAYLOAD_BYTES);
        factory.setMaxBinaryMessageSize(MAX_PAYLOAD_BYTES);
        factory.setMaxOutgoingFrames(MAX_QUEUED_FRAMES);
        factory.setCreator((request, response) -> new JettyEngineIoWebSocket(
                engine, query(request.getQueryString()).orElseThrow(), headers(request)));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("POST")) {
            response.setHeader("Allow", "GET, POST");
            refuse(response, 405, EngineError.BAD_REQUEST);
            return;
        }
        Optional<Map<String, String>> query = query(request.getQueryString());
        if (query.isEmpty() || !"4".equals(query.get().get("EIO"))) {
            refuse(response, 400, EngineError.UNSUPPORTED_PROTOCOL_VERSION);
            return;
        }
        // Only an upgrade may ask for the websocket transport, and an upgrade may ask for nothing else.
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        // JSONP is not part of engine.io v4, and would let any web page read a handshake through a script tag.
        if (query.get().containsKey("j")
                || upgrade != "websocket".equals(query.get().get("transport"))) {
            refuse(response, 400, EngineError.BAD_REQUEST);
            return;
        }
        try {
            super.service(request, response);
        } catch (ServletException e) {
            LOG.debug("WebSocket upgrade failed", e);
            refuse(response, 400, EngineError.BAD_REQUEST);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        poll(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getContentLengthLong() > MAX_PAYLOAD_BYTES) {
            refuse(response, 413, EngineError.BAD_REQUEST);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_PAYLOAD_BYTES + 1);
        if (body.length > MAX_PAYLOAD_BYTES) {
            refuse(response, 413, EngineError.BAD_REQUEST);
            return;
        }
        if (!EnginePackets.wellFormedPayload(new String(body, StandardCharsets.UTF_8))) {
            closeConnection(request);
            refuse(response, 400, EngineError.BAD_REQUEST);
            return;
        }
        poll(new BufferedBodyRequest(request, body), response);
    }

    private void poll(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            engine.handleRequest(request, response);
        } catch (RuntimeException e) {
            if (AnsweredPollRace.isThe(e) && response.isCommitted()) {
                // Closing the connection here would drop a healthy session during its upgrade.
                LOG.debug("A poll was answered by another thread first", e);
                return;
            }
            LOG.debug("engine.io could not handle a polling request", e);
            closeConnection(request);
            if (!request.isAsyncStarted()) {
                refuse(response, 400, EngineError.BAD_REQUEST);
            }
        }
    }

    private void track(EngineIoSocket connection) {
        connections.put(connection.getId(), connection);
        connection.on("close", args -> connections.remove(connection.getId()));
    }

    private void closeConnection(HttpServletRequest request) {
        query(request.getQueryString())
                .map(query -> query.get("sid"))
                .map(connections::get)
                .ifPresent(EngineIoSocket::close);
    }

    private static Optional<Map<String, String>> query(String queryString) {
        if (queryString == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ParseQS.decode(queryString));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private static Map<String, List<String>> headers(JettyServerUpgradeRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.getHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        return headers;
    }

    private static void refuse(HttpServletResponse response, int status, EngineError error) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] body = error.json().getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IllegalStateException writerInUse) {
            response.getWriter().write(error.json());
        }
    }
}
