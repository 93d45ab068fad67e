package io.agentdeck.api.socketio;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import io.socket.engineio.parser.Packet;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.json.JSONObject;

/** The Java socket.io-client (protocol v5, engine.io v4) collecting every incoming event for assertions. */
final class SioTestClient implements AutoCloseable {
    record Event(String name, JSONObject data) {}

    private final Socket socket;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<JSONObject> refused = new CompletableFuture<>();
    private final CompletableFuture<String> disconnected = new CompletableFuture<>();
    private final List<String> transports = new CopyOnWriteArrayList<>();
    /** The transport that delivered the newest Socket.IO packet from the server. */
    private final AtomicReference<String> lastMessageTransport = new AtomicReference<>();

    private SioTestClient(String baseUrl, Optional<String> token, String... transportNames) {
        IO.Options options = IO.Options.builder()
                .setTransports(transportNames)
                .setForceNew(true)
                .setReconnection(false)
                .setAuth(token.map(value -> Map.of("token", value)).orElse(Map.of()))
                .build();
        socket = IO.socket(URI.create(baseUrl), options);
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> refused.complete((JSONObject) args[0]));
        socket.on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(String.valueOf(args[0])));
        socket.onAnyIncoming(args -> events.add(
                new Event((String) args[0], args.length > 1 && args[1] instanceof JSONObject data ? data : null)));
        socket.io().on(Manager.EVENT_TRANSPORT, args -> {
            Transport transport = (Transport) args[0];
            transports.add(transport.name);
            transport.on(Transport.EVENT_PACKET, packet -> {
                if (Packet.MESSAGE.equals(((Packet<?>) packet[0]).type)) {
                    lastMessageTransport.set(transport.name);
                }
            });
        });
        socket.connect();
    }

    /** A connected client; fails if the server refuses it. */
    static SioTestClient connect(String baseUrl, String token, String... transports) throws Exception {
        SioTestClient client = new SioTestClient(baseUrl, Optional.of(token), transports);
        try {
            client.connected.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.close();
            throw new AssertionError("Not connected; refusal: " + client.refused.getNow(null), e);
        }
        return client;
    }

    /** The CONNECT_ERROR data for a client the server refuses. */
    static JSONObject refusal(String baseUrl, Optional<String> token, String... transports) throws Exception {
        try (SioTestClient client = new SioTestClient(baseUrl, token, transports)) {
            JSONObject error = client.refused.get(10, TimeUnit.SECONDS);
            if (client.connected.isDone()) {
                throw new AssertionError("Connected although refused");
            }
            return error;
        }
    }

    void emit(String event, JSONObject data) {
        socket.emit(event, data);
    }

    JSONObject emitWithAck(String event, JSONObject data) throws Exception {
        CompletableFuture<JSONObject> reply = new CompletableFuture<>();
        socket.emit(event, new Object[] {data}, (Ack) args -> reply.complete((JSONObject) args[0]));
        return reply.get(10, TimeUnit.SECONDS);
    }

    Event next() throws InterruptedException {
        Event event = events.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("No event arrived within 10 s");
        }
        return event;
    }

    /** Events up to and including the first that matches. */
    List<Event> until(Predicate<Event> last) throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        while (true) {
            Event event = next();
            seen.add(event);
            if (last.test(event)) {
                return seen;
            }
        }
    }

    /** Whatever arrives within the wait. */
    List<Event> drain(Duration wait) throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        Event event;
        while ((event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            seen.add(event);
        }
        return seen;
    }

    /** The engine.io transport that carried the newest message from the server, once there was one. */
    Optional<String> lastMessageTransport() {
        return Optional.ofNullable(lastMessageTransport.get());
    }

    /** Names of the engine.io transports the client opened, in order. */
    List<String> transports() {
        return List.copyOf(transports);
    }

    /** Completes with the client's reason when the connection ends. */
    CompletableFuture<String> disconnected() {
        return disconnected;
    }

    boolean connected() {
        return socket.connected();
    }

    @Override
    public void close() {
        socket.close();
    }
}
