package io.agentdeck.engine.model;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The model in use, swapped whole when the settings change: calls in flight finish with the models they started with,
 * every later call gets the new ones.
 */
public final class ModelHolder implements Supplier<ModelAccess> {
    private final ModelFactory factory;
    private final AtomicReference<ModelAccess> current;

    public ModelHolder(ModelFactory factory, ModelSettings initial) {
        this.factory = factory;
        this.current = new AtomicReference<>(factory.create(initial));
    }

    @Override
    public ModelAccess get() {
        return current.get();
    }

    public void reconfigure(ModelSettings settings) {
        current.set(factory.create(settings));
    }
}
