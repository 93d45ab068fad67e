package io.agentdeck.engine.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers engine events synchronously, in publication order, to every subscriber. Subscribers must hand slow work
 * off to their own threads; one that throws is logged and does not disturb the others or the publisher.
 */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final List<Consumer<? super EngineEvent>> subscribers = new CopyOnWriteArrayList<>();

    public Subscription subscribe(Consumer<? super EngineEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(EngineEvent event) {
        for (Consumer<? super EngineEvent> subscriber : subscribers) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("Event subscriber failed on {}", event.getClass().getSimpleName(), e);
            }
        }
    }

    /** How many subscribers listen now: for diagnostics, and for tests that check a part lets go of the engine. */
    public int subscriberCount() {
        return subscribers.size();
    }

    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
