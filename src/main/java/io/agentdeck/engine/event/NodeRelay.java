package io.agentdeck.engine.event;

import java.util.function.Consumer;

/**
 * Short text messages between the nodes that share one database, so that a client connected to one node hears of
 * work running on another. A desktop, or a server alone on its database, has nobody to tell: {@link #NONE}.
 *
 * <p>Delivery is best effort and in the order a node sent; a node that was cut off misses what was said meanwhile,
 * and its clients re-read the API.
 */
public interface NodeRelay extends AutoCloseable {

    /** Tells every other node; returns at once. */
    void send(String message);

    /** Hears what other nodes send (never this node's own messages), on the relay's thread. */
    EventBus.Subscription listen(Consumer<String> listener);

    @Override
    void close();

    /** One node alone: nothing is sent, nothing is heard. */
    NodeRelay NONE = new NodeRelay() {
        @Override
        public void send(String message) {}

        @Override
        public EventBus.Subscription listen(Consumer<String> listener) {
            return () -> {};
        }

        @Override
        public void close() {}
    };
}
