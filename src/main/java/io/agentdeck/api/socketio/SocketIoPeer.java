package io.agentdeck.api.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.api.realtime.ClientChannel;
import io.agentdeck.api.realtime.RealtimeHub;
import io.agentdeck.api.realtime.Transport;
import io.agentdeck.api.security.Caller;
import io.socket.socketio.server.SocketIoSocket;

/** One authenticated Socket.IO socket as a hub client: events go out as emits, and come in through the hub. */
final class SocketIoPeer implements Transport {
    /** The WebSocket close code the hub uses when the server shuts down. */
    private static final int GOING_AWAY = 1001;

    private final SocketIoSocket socket;

    private SocketIoPeer(SocketIoSocket socket) {
        this.socket = socket;
    }

    static void attach(SocketIoSocket socket, RealtimeHub hub, ObjectMapper json, Caller caller) {
        ClientChannel channel = hub.connect(new SocketIoPeer(socket), caller);
        ClientEvents events = new ClientEvents(hub, channel, json);
        socket.registerAllEventListener(events::onEvent);
        // A client may also emit an event named "disconnect"; only a socket that really went away closes the channel.
        socket.on("disconnect", args -> closeIfGone(socket, channel));
        closeIfGone(socket, channel);
    }

    private static void closeIfGone(SocketIoSocket socket, ClientChannel channel) {
        if (!socket.isConnected()) {
            channel.closedByPeer();
        }
    }

    @Override
    public void deliver(String event, String jsonData) {
        socket.send(event, OrgJson.fromJson(jsonData));
    }

    /**
     * Socket.IO has no close codes or reasons. A server going away only drops the connection, so clients reconnect
     * once it is back; any other close is a server-side disconnect, which clients do not retry by themselves.
     */
    @Override
    public void close(int code, String reason) {
        if (code == GOING_AWAY) {
            socket.getClient().getConnection().close();
        } else {
            socket.disconnect(true);
        }
    }

    @Override
    public String describe() {
        return "Socket.IO client " + socket.getId();
    }
}
