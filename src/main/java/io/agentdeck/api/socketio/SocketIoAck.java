package io.agentdeck.api.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.api.realtime.ClientAck;
import io.socket.socketio.server.SocketIoSocket.ReceivedByLocalAcknowledgementCallback;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A client's ack callback; Socket.IO acks are one-shot, so any later reply is dropped. */
final class SocketIoAck implements ClientAck {
    private static final Logger LOG = LoggerFactory.getLogger(SocketIoAck.class);

    private final ReceivedByLocalAcknowledgementCallback callback;
    private final ObjectMapper json;
    private final AtomicBoolean replied = new AtomicBoolean();

    SocketIoAck(ReceivedByLocalAcknowledgementCallback callback, ObjectMapper json) {
        this.callback = callback;
        this.json = json;
    }

    @Override
    public void reply(Object payload) {
        if (!replied.compareAndSet(false, true)) {
            return;
        }
        try {
            callback.sendAcknowledgement(OrgJson.fromJson(json.writeValueAsString(payload)));
        } catch (Exception e) {
            LOG.debug("Could not send a Socket.IO ack", e);
        }
    }
}
