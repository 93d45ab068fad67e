package io.agentdeck.api.realtime;

/** A Socket.IO acknowledgement callback; plain WebSocket clients have none. */
@FunctionalInterface
public interface ClientAck {
    ClientAck NONE = payload -> {};

    void reply(Object payload);
}
