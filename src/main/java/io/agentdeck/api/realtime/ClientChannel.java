package io.agentdeck.api.realtime;

import io.agentdeck.api.security.Caller;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected client with a bounded outbox drained by its own virtual thread. The engine and the other clients
 * only ever enqueue, so a slow or dead client delays nobody; one whose outbox overflows is closed and logged.
 */
public final class ClientChannel {
    private static final Logger LOG = LoggerFactory.getLogger(ClientChannel.class);
    public static final int DEFAULT_OUTBOX = 4_096;
    /** WebSocket close code 1008 (policy violation) and 1013 (try again later) are what the spec offers. */
    static final int CLOSE_TOO_SLOW = 1013;

    private final String id;
    private final Transport transport;
    private final BlockingQueue<Outgoing> outbox;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Thread writer;
    private final Runnable onClosed;
    private final Caller caller;

    /** The operator's client: the desktop's own, or one with the server's token. */
    public ClientChannel(String id, Transport transport, int outboxSize, Runnable onClosed) {
        this(id, transport, outboxSize, onClosed, Caller.OPERATOR);
    }

    /** @param caller who connected: on a team's server, what the client may do and hear follows from it */
    public ClientChannel(String id, Transport transport, int outboxSize, Runnable onClosed, Caller caller) {
        this.caller = caller;
        this.id = id;
        this.transport = transport;
        this.outbox = new ArrayBlockingQueue<>(outboxSize);
        this.onClosed = onClosed;
        this.writer = Thread.ofVirtual().name("client-" + id).start(this::drain);
    }

    public String id() {
        return id;
    }

    public Caller caller() {
        return caller;
    }

    public boolean isOpen() {
        return open.get();
    }

    /** Queues an event; never blocks. A full outbox means the client cannot keep up, so it is closed. */
    public void send(String event, String jsonData) {
        if (!open.get()) {
            return;
        }
        if (!outbox.offer(new Outgoing(event, jsonData))) {
            LOG.warn("Closing {}: it stopped reading and {} events are waiting", transport.describe(), outbox.size());
            close(CLOSE_TOO_SLOW, "client too slow: events were not read");
        }
    }

    /** Closes the connection and stops the writer; events still queued are dropped. */
    public void close(int code, String reason) {
        if (open.compareAndSet(true, false)) {
            outbox.clear();
            writer.interrupt();
            try {
                transport.close(code, reason);
            } catch (RuntimeException e) {
                LOG.debug("Closing {} failed", transport.describe(), e);
            }
            onClosed.run();
        }
    }

    /** Called by the transport when the peer went away by itself. */
    public void closedByPeer() {
        if (open.compareAndSet(true, false)) {
            outbox.clear();
            writer.interrupt();
            onClosed.run();
        }
    }

    private void drain() {
        while (open.get()) {
            Outgoing next;
            try {
                next = outbox.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                transport.deliver(next.event(), next.jsonData());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.info(
                        "Dropping {}: sending failed ({})",
                        transport.describe(),
                        e.getClass().getSimpleName());
                close(1011, "send failed");
                return;
            }
        }
    }

    private record Outgoing(String event, String jsonData) {}
}
