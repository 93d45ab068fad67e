package io.agentdeck.ui;

import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Moves engine events onto the FX thread: the one place that calls {@link Platform#runLater}. Events queue up on the
 * publishing thread and one drain per FX turn delivers them in order; consecutive token events of the same reply are
 * merged into one, so a fast stream costs at most one update per pulse instead of one per token.
 *
 * <p>The FX side is an {@link Executor}: {@link #fxThread()} in the app, a synchronous or manual one in tests.
 */
public final class FxBridge implements AutoCloseable {
    private final Executor fx;
    private final Queue<EngineEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final List<Consumer<? super EngineEvent>> listeners = new CopyOnWriteArrayList<>();
    private final EventBus.Subscription subscription;

    public FxBridge(EventBus bus, Executor fx) {
        this.fx = fx;
        this.subscription = bus.subscribe(this::enqueue);
    }

    /** The executor that runs work on the JavaFX application thread. */
    public static Executor fxThread() {
        return Platform::runLater;
    }

    /** The executor the bridge delivers on; ViewModels use it to come back from background work. */
    public Executor fx() {
        return fx;
    }

    /** Adds a listener called on the FX side, in publication order. */
    public void addListener(Consumer<? super EngineEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<? super EngineEvent> listener) {
        listeners.remove(listener);
    }

    private void enqueue(EngineEvent event) {
        pending.add(event);
        if (drainScheduled.compareAndSet(false, true)) {
            fx.execute(this::drain);
        }
    }

    private void drain() {
        // Cleared first: an event that arrives while this drain runs schedules the next one.
        drainScheduled.set(false);
        List<EngineEvent> batch = new ArrayList<>();
        for (EngineEvent event = pending.poll(); event != null; event = pending.poll()) {
            batch.add(event);
        }
        for (EngineEvent event : coalesce(batch)) {
            for (Consumer<? super EngineEvent> listener : listeners) {
                listener.accept(event);
            }
        }
    }

    /** Merges runs of token events for the same reply into one event carrying the concatenated text. */
    static List<EngineEvent> coalesce(List<EngineEvent> events) {
        List<EngineEvent> merged = new ArrayList<>(events.size());
        for (EngineEvent event : events) {
            if (event instanceof EngineEvent.TokenStreamed token
                    && !merged.isEmpty()
                    && merged.getLast() instanceof EngineEvent.TokenStreamed previous
                    && previous.agentId() == token.agentId()
                    && previous.messageId() == token.messageId()) {
                merged.set(
                        merged.size() - 1,
                        new EngineEvent.TokenStreamed(
                                token.agentId(),
                                token.messageId(),
                                token.requestId(),
                                token.seq(),
                                previous.delta() + token.delta(),
                                token.at()));
            } else {
                merged.add(event);
            }
        }
        return merged;
    }

    @Override
    public void close() {
        subscription.close();
        listeners.clear();
    }
}
