package io.agentdeck.engine;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made the first time it is asked for, then kept: for parts that are costly to build and that many starts
 * never use (Tika's parsers, an HTTP client with its TLS set-up). Every start loads what it builds, and the AOT cache
 * then holds it too, so building such parts on first use keeps both the start and the idle app smaller.
 *
 * <p>Safe for many threads: the value is made once, by the first caller; the others wait for it. If making it throws,
 * nothing is kept and the next call tries again.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> maker;
    private volatile T value;

    private Lazy(Supplier<? extends T> maker) {
        this.maker = maker;
    }

    public static <T> Lazy<T> of(Supplier<? extends T> maker) {
        return new Lazy<>(Objects.requireNonNull(maker));
    }

    @Override
    public T get() {
        T made = value;
        if (made == null) {
            synchronized (this) {
                made = value;
                if (made == null) {
                    made = Objects.requireNonNull(maker.get(), "made nothing");
                    value = made;
                }
            }
        }
        return made;
    }

    /** Whether the value has been made (for tests and for closing only what exists). */
    public boolean isMade() {
        return value != null;
    }
}
