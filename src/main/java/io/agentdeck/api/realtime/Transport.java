package io.agentdeck.api.realtime;

/** How one connected client receives events: a plain WebSocket frame, or a Socket.IO emit. */
public interface Transport {
    /** Sends one event; called only from the client's own writer thread, so it may block. */
    void deliver(String event, String jsonData) throws Exception;

    /** Closes the connection with a reason the client can see (a WebSocket close frame, a Socket.IO disconnect). */
    void close(int code, String reason);

    /** For logs: transport name and remote address, never a token. */
    String describe();
}
