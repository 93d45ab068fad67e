package io.agentdeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.json.JSONObject;

/** One client that sends a message to an agent and waits for the whole reply, over one of the three transports. */
interface ChatClient extends AutoCloseable {
    long REPLY_TIMEOUT_SECONDS = 60;

    /**
     * Sends and waits for the reply.
     *
     * @return when the first streamed token arrived (System.nanoTime), or 0 when the transport does not stream
     */
    long exchange(long agentId, long conversationId, String message) throws Exception;

    @Override
    void close();

    /** {@code POST /api/agents/{id}/message}, answered with the whole reply. */
    static ChatClient rest(String baseUrl, String token) {
        Rest rest = new Rest(baseUrl, Optional.of(token));
        return new ChatClient() {
            @Override
            public long exchange(long agentId, long conversationId, String message) {
                rest.post("/api/agents/" + agentId + "/message", Rest.messageBody(message, conversationId));
                return 0;
            }

            @Override
            public void close() {
                rest.close();
            }
        };
    }

    /** {@code send_message} on the plain WebSocket; done at the {@code agent_response} with its request id. */
    static ChatClient webSocket(String baseUrl, String token) {
        return new WebSocketChat(baseUrl, token);
    }

    /** {@code send_message} over Socket.IO (the Java client, WebSocket transport). */
    static ChatClient socketIo(String baseUrl, String token) throws Exception {
        return new SocketIoChat(baseUrl, token);
    }

    /** The one outstanding request of a client: clients send the next message only after the reply. */
    final class Pending {
        final String requestId;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile long firstToken;

        Pending(String requestId) {
            this.requestId = requestId;
        }

        void token() {
            if (firstToken == 0) {
                firstToken = System.nanoTime();
            }
        }

        long await() throws Exception {
            done.get(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return firstToken;
        }
    }

    final class WebSocketChat implements ChatClient {
        private static final AtomicLong IDS = new AtomicLong();
        private final HttpClient http = HttpClient.newHttpClient();
        private final WsConnection socket;
        private volatile Pending pending;

        WebSocketChat(String baseUrl, String token) {
            this.socket = WsConnection.open(http, baseUrl, token, this::onFrame).join();
        }

        @Override
        public long exchange(long agentId, long conversationId, String message) throws Exception {
            Pending request = new Pending("ws-" + IDS.incrementAndGet());
            pending = request;
            socket.send(Rest.sendMessageFrame(agentId, message, conversationId, request.requestId));
            return request.await();
        }

        private void onFrame(String frame) {
            Pending request = pending;
            if (request == null) {
                return;
            }
            if (frame.startsWith("{\"event\":\"agent_token\"")) {
                request.token();
            } else if (frame.startsWith("{\"event\":\"agent_response\"") || frame.startsWith("{\"event\":\"error\"")) {
                JsonNode parsed = Rest.parse(frame);
                if (request.requestId.equals(
                        parsed.path("data").path("request_id").asText())) {
                    if (parsed.path("event").asText().equals("error")) {
                        request.done.completeExceptionally(new IllegalStateException("error event: " + frame));
                    } else {
                        request.done.complete(null);
                    }
                }
            }
        }

        @Override
        public void close() {
            socket.close();
            http.close();
        }
    }

    final class SocketIoChat implements ChatClient {
        private static final AtomicLong IDS = new AtomicLong();
        private final Socket socket;
        private volatile Pending pending;

        SocketIoChat(String baseUrl, String token) throws Exception {
            IO.Options options = IO.Options.builder()
                    .setTransports(new String[] {"websocket"})
                    .setForceNew(true)
                    .setReconnection(false)
                    .setAuth(Map.of("token", token))
                    .build();
            socket = IO.socket(URI.create(baseUrl), options);
            CompletableFuture<Void> connected = new CompletableFuture<>();
            socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
            socket.on(
                    Socket.EVENT_CONNECT_ERROR,
                    args -> connected.completeExceptionally(new IllegalStateException("refused: " + args[0])));
            socket.on("agent_token", args -> {
                Pending request = pending;
                if (request != null) {
                    request.token();
                }
            });
            socket.on("agent_response", args -> finish(args, null));
            socket.on("error", args -> finish(args, "error event: " + args[0]));
            socket.connect();
            connected.get(30, TimeUnit.SECONDS);
        }

        private void finish(Object[] args, String error) {
            Pending request = pending;
            if (request == null || args.length == 0 || !(args[0] instanceof JSONObject data)) {
                return;
            }
            if (request.requestId.equals(data.optString("request_id"))) {
                if (error == null) {
                    request.done.complete(null);
                } else {
                    request.done.completeExceptionally(new IllegalStateException(error));
                }
            }
        }

        @Override
        public long exchange(long agentId, long conversationId, String message) throws Exception {
            Pending request = new Pending("sio-" + IDS.incrementAndGet());
            pending = request;
            socket.emit(
                    "send_message",
                    new JSONObject()
                            .put("agent_id", agentId)
                            .put("message", message)
                            .put("conversation_id", conversationId)
                            .put("request_id", request.requestId));
            return request.await();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
