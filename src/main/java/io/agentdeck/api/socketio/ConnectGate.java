package io.agentdeck.api.socketio;

import io.socket.engineio.server.Emitter;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.socketio.server.parser.IOParser;
import io.socket.socketio.server.parser.Packet;
import io.socket.socketio.server.parser.Parser;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands between an engine.io connection and the socket.io client that reads it, because the library has no
 * connection middleware: a CONNECT packet gets through only with the API token, otherwise the client receives a
 * CONNECT_ERROR. Binary packets (no AgentDeck event carries any) and JSON nested deeper than any real payload close the
 * connection before the library's recursive parser sees them.
 */
final class ConnectGate implements Emitter.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectGate.class);
    static final int MAX_NESTING = 64;
    /** Refused CONNECT packets one connection may send before it is closed; a client retries only by hand. */
    static final int MAX_REFUSALS = 3;

    static final String REFUSAL_MESSAGE = "The API token is missing or not valid.";
    private static final String REFUSAL_HINT =
            "Connect with auth: {token: '<token>'}; the token is in Settings or in the data directory's api-token file.";

    private final EngineIoSocket connection;
    private final List<Emitter.Listener> readers;
    private final HandshakeCredentials credentials;
    private final AtomicInteger refusals = new AtomicInteger();

    private ConnectGate(EngineIoSocket connection, List<Emitter.Listener> readers, HandshakeCredentials credentials) {
        this.connection = connection;
        this.readers = readers;
        this.credentials = credentials;
    }

    /** Moves the connection's readers (the socket.io client) behind a new gate. */
    static void install(EngineIoSocket connection, HandshakeCredentials credentials) {
        List<Emitter.Listener> readers = connection.listeners("data");
        if (readers.isEmpty()) {
            LOG.error("No socket.io reader on a new engine.io connection; it will not be able to join");
        }
        readers.forEach(reader -> connection.off("data", reader));
        connection.on("data", new ConnectGate(connection, readers, credentials));
    }

    @Override
    public void call(Object... args) {
        if (args.length == 0 || !(args[0] instanceof String packet) || packet.isEmpty()) {
            connection.close();
            return;
        }
        // The library's own reading of the packet type, so that no other digit can slip a CONNECT past this check.
        int type = Character.getNumericValue(packet.charAt(0));
        if (type == Parser.BINARY_EVENT
                || type == Parser.BINARY_ACK
                || !PacketScan.nestingAtMost(packet, MAX_NESTING)) {
            connection.close();
            return;
        }
        if (type == Parser.CONNECT) {
            Optional<Packet<?>> connect = decode(packet);
            if (connect.isEmpty()) {
                connection.close();
                return;
            }
            if (!authorized(connect.get())) {
                refuse(connect.get().nsp);
                return;
            }
        }
        readers.forEach(reader -> reader.call(args));
    }

    private boolean authorized(Packet<?> connect) {
        return credentials.accept(connection.getInitialHeaders(), connection.getInitialQuery(), connect.data);
    }

    private void refuse(String namespace) {
        JSONObject error = new JSONObject()
                .put("message", REFUSAL_MESSAGE)
                .put("data", new JSONObject().put("code", "unauthorized").put("hint", REFUSAL_HINT));
        Packet<JSONObject> packet = new Packet<>(Parser.CONNECT_ERROR, error);
        packet.nsp = namespace;
        new IOParser.Encoder().encode(packet, encoded -> {
            for (Object item : encoded) {
                connection.send(new io.socket.engineio.server.parser.Packet<>(
                        io.socket.engineio.server.parser.Packet.MESSAGE, item));
            }
        });
        if (refusals.incrementAndGet() >= MAX_REFUSALS) {
            connection.close();
        }
    }

    private static Optional<Packet<?>> decode(String packet) {
        AtomicReference<Packet<?>> decoded = new AtomicReference<>();
        IOParser.Decoder decoder = new IOParser.Decoder();
        decoder.onDecoded(decoded::set);
        try {
            decoder.add(packet);
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
        return Optional.ofNullable(decoded.get());
    }
}
