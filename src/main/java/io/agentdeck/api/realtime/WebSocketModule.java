package io.agentdeck.api.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.agentdeck.api.ApiModule;
import io.agentdeck.api.security.Caller;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * The plain WebSocket at {@code /ws}: every frame, both ways, is {@code {"event": name, "data": {...}}}. The
 * handshake passes the same security gate as every HTTP request (the global before-filter runs on the upgrade).
 */
public final class WebSocketModule implements ApiModule {
    private static final int MAX_FRAME_CHARS = 64 * 1024;
    private static final long SEND_TIMEOUT_SECONDS = 10;
    private static final int GOING_AWAY = 1001;

    private final RealtimeHub hub;
    private final ObjectMapper json;
    private final Map<String, ClientChannel> channels = new ConcurrentHashMap<>();

    public WebSocketModule(RealtimeHub hub, ObjectMapper json) {
        this.hub = hub;
        this.json = json;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.ws("/ws", ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setMaxTextMessageSize(MAX_FRAME_CHARS);
                ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
                // The security filter passed the upgrade request and left its caller on it.
                Caller caller = ctx.attribute(Caller.ATTRIBUTE);
                channels.put(
                        ctx.sessionId(), hub.connect(new WsTransport(ctx), caller == null ? Caller.OPERATOR : caller));
            });
            ws.onMessage(ctx -> onFrame(ctx.sessionId(), ctx.message()));
            ws.onClose(ctx -> closed(ctx.sessionId()));
            ws.onError(ctx -> closed(ctx.sessionId()));
        });
    }

    private void onFrame(String sessionId, String frame) {
        ClientChannel channel = channels.get(sessionId);
        if (channel == null) {
            return;
        }
        JsonNode envelope;
        try {
            envelope = json.readTree(frame);
        } catch (JsonProcessingException e) {
            hub.rejectFrame(channel, "The frame is not valid JSON.");
            return;
        }
        if (envelope == null || !envelope.isObject() || !envelope.path("event").isTextual()) {
            hub.rejectFrame(channel, "A frame must be {\"event\": \"<name>\", \"data\": {...}}.");
            return;
        }
        JsonNode data = envelope.has("data") ? envelope.get("data") : NullNode.getInstance();
        hub.onClientEvent(channel, envelope.get("event").asText(), data, ClientAck.NONE);
    }

    private void closed(String sessionId) {
        ClientChannel channel = channels.remove(sessionId);
        if (channel != null) {
            channel.closedByPeer();
        }
    }

    /** Sends and waits for the socket to take the frame, so a stalled reader backs up its own outbox only. */
    private static final class WsTransport implements Transport {
        private final WsContext ctx;

        private WsTransport(WsContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void deliver(String event, String jsonData) throws Exception {
            String frame = "{\"event\":\"" + event + "\",\"data\":" + jsonData + "}";
            Callback.Completable sent = new Callback.Completable();
            ctx.session.sendText(frame, sent);
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void close(int code, String reason) {
            Callback.Completable closed = new Callback.Completable();
            ctx.session.close(code, reason, closed);
            if (code == GOING_AWAY) {
                awaitClosingHandshake(closed);
            }
        }

        /**
         * At shutdown, waits (briefly) for the client to answer the close frame, so that stopping Jetty does not reset
         * a connection whose close frame is still unread; a slow client is never waited for.
         */
        private void awaitClosingHandshake(Callback.Completable closeSent) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            try {
                closeSent.get(2, TimeUnit.SECONDS);
                while (ctx.session.isOpen() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // The client is gone or not reading; stopping proceeds regardless.
            }
        }

        @Override
        public String describe() {
            return "WebSocket client " + ctx.session.getRemoteSocketAddress();
        }
    }
}
