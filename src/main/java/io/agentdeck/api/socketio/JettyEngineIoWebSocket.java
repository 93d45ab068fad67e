package io.agentdeck.api.socketio;

import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoWebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jetty 12 WebSocket session as engine.io's {@link EngineIoWebSocket} (engine.io-server-jetty does this for Jetty
 * 9.4 only). Sends never block: Jetty queues them, and a client that stops reading fails its sends and is dropped.
 * Public because Jetty looks up the listener methods of public classes only.
 */
public final class JettyEngineIoWebSocket extends EngineIoWebSocket implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(JettyEngineIoWebSocket.class);

    private final EngineIoServer engine;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private volatile Session session;

    JettyEngineIoWebSocket(EngineIoServer engine, Map<String, String> query, Map<String, List<String>> headers) {
        this.engine = engine;
        this.query = query;
        this.headers = headers;
    }

    @Override
    public Map<String, String> getQuery() {
        return query;
    }

    @Override
    public Map<String, List<String>> getConnectionHeaders() {
        return headers;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        engine.handleWebSocket(this);
    }

    @Override
    public void onWebSocketText(String message) {
        if (!EnginePackets.wellFormed(message)) {
            session.close(StatusCode.BAD_DATA, "malformed engine.io packet", Callback.NOOP);
            return;
        }
        deliver(message);
    }

    /**
     * Hands a packet to engine.io. While answering an upgrade probe it can fail on a poll another thread answered
     * first (see {@link AnsweredPollRace}); the probe is answered by then, so that failure must not close the
     * WebSocket, which would drop the whole session. Any other failure still closes it.
     */
    private void deliver(Object message) {
        try {
            emit("message", message);
        } catch (RuntimeException e) {
            if (!AnsweredPollRace.isThe(e)) {
                throw e;
            }
            LOG.debug("An upgrade probe's no-op found its poll answered by another thread", e);
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        deliver(bytes);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        emit("error", "websocket error", String.valueOf(cause.getMessage()));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        emit("close");
        callback.succeed();
    }

    @Override
    public void write(String message) {
        Session current = session;
        current.sendText(message, Callback.from(() -> {}, failure -> current.disconnect()));
    }

    @Override
    public void write(byte[] message) {
        Session current = session;
        current.sendBinary(ByteBuffer.wrap(message), Callback.from(() -> {}, failure -> current.disconnect()));
    }

    @Override
    public void close() {
        Session current = session;
        if (current != null) {
            current.close();
        }
    }
}
