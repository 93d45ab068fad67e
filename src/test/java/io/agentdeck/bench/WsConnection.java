package io.agentdeck.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** A JDK WebSocket to {@code /ws} that hands every whole text frame to a handler, on the client's own thread. */
final class WsConnection implements AutoCloseable {
    private final WebSocket socket;
    private final Listener listener;

    private WsConnection(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.listener = listener;
    }

    /** Connects over {@code client}; many connections may share one client (and its one selector thread). */
    static CompletableFuture<WsConnection> open(
            HttpClient client, String baseUrl, String token, Consumer<String> onFrame) {
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/ws?token=" + token);
        Listener listener = new Listener(onFrame);
        return client.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, listener)
                .thenApply(socket -> new WsConnection(socket, listener));
    }

    /** Sends one frame and waits until the socket took it (the JDK allows one outstanding send per socket). */
    void send(String frame) {
        socket.sendText(frame, true).join();
    }

    /** Why the server closed the connection or it failed ("1013 client too slow…"), while it is open empty. */
    Optional<String> ended() {
        return Optional.ofNullable(listener.ended.getNow(null));
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        private final Consumer<String> onFrame;
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<String> ended = new CompletableFuture<>();

        Listener(Consumer<String> onFrame) {
            this.onFrame = onFrame;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (last && partial.isEmpty()) {
                onFrame.accept(data.toString());
            } else {
                partial.append(data);
                if (last) {
                    onFrame.accept(partial.toString());
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended.complete("failed: " + error);
        }
    }
}
