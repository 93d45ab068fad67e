package io.agentdeck.api.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.agentdeck.api.realtime.ClientAck;
import io.agentdeck.api.realtime.ClientChannel;
import io.agentdeck.api.realtime.RealtimeHub;
import io.socket.socketio.server.SocketIoSocket.ReceivedByLocalAcknowledgementCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every event a Socket.IO client emits, known or not, goes to the hub with its first argument and its ack. */
final class ClientEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ClientEvents.class);

    private final RealtimeHub hub;
    private final ClientChannel channel;
    private final ObjectMapper json;

    ClientEvents(RealtimeHub hub, ClientChannel channel, ObjectMapper json) {
        this.hub = hub;
        this.channel = channel;
        this.json = json;
    }

    void onEvent(String event, Object... args) {
        int count = args.length;
        ClientAck ack = ClientAck.NONE;
        if (count > 0 && args[count - 1] instanceof ReceivedByLocalAcknowledgementCallback callback) {
            ack = new SocketIoAck(callback, json);
            count--;
        }
        JsonNode data;
        try {
            data = count == 0 ? NullNode.getInstance() : OrgJson.toJackson(args[0], json);
        } catch (Exception e) {
            LOG.debug("Unreadable data in a Socket.IO event", e);
            hub.rejectFrame(channel, "The event's data could not be read as JSON.");
            return;
        }
        hub.onClientEvent(channel, event, data, ack);
    }
}
