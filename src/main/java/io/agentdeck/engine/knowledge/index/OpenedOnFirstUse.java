package io.agentdeck.engine.knowledge.index;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A knowledge index opened when it is first used instead of at start. Opening the index on disk loads some 800 of the
 * search library's classes, which then sit in every start's memory (and in the installers' AOT cache) while most
 * sessions ask nothing of the knowledge base for a while, or at all; the first question pays for them instead, beside
 * the embedding model's own first load. The check the caller wants before any use (comparing the index with the
 * database, {@link #whenOpened}) runs as part of the opening, so no search or change ever sees an unchecked index.
 *
 * <p>An opening or check that fails is thrown to the use that asked for it and tried again by the next one; once
 * closed, the index stays closed.
 */
public final class OpenedOnFirstUse implements PassageIndex {
    private final Supplier<? extends PassageIndex> opener;
    private final Object lock = new Object();
    private volatile PassageIndex opened;
    private Consumer<PassageIndex> check = index -> {};
    private boolean opening;
    private boolean closed;

    public OpenedOnFirstUse(Supplier<? extends PassageIndex> opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** Whether the index has been opened (and checked) yet. */
    public boolean isOpen() {
        return opened != null;
    }

    /** Runs {@code check} on the opened index before any use of it; at once when it is open already. */
    @Override
    public void whenOpened(Consumer<PassageIndex> check) {
        Objects.requireNonNull(check, "check");
        synchronized (lock) {
            if (opened != null) {
                check.accept(opened);
            } else {
                this.check = check;
            }
        }
    }

    private PassageIndex index() {
        PassageIndex index = opened;
        if (index != null) {
            return index;
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("The knowledge index is closed.");
            }
            if (opening) {
                // The lock is reentrant: a check using this wrapper instead of the index it was given would open a
                // second index over the same directory.
                throw new IllegalStateException("The knowledge index was used by its own check before it opened.");
            }
            if (opened == null) {
                opening = true;
                try {
                    opened = openAndCheck();
                } finally {
                    opening = false;
                }
            }
            return opened;
        }
    }

    private PassageIndex openAndCheck() {
        PassageIndex fresh = opener.get();
        try {
            check.accept(fresh);
        } catch (RuntimeException | Error e) {
            try {
                fresh.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return fresh;
    }

    @Override
    public void open() {
        index();
    }

    @Override
    public void add(List<IndexedPassage> passages) {
        index().add(passages);
    }

    @Override
    public void replaceDocument(long documentId, List<IndexedPassage> passages) {
        index().replaceDocument(documentId, passages);
    }

    @Override
    public void deleteDocument(long documentId) {
        index().deleteDocument(documentId);
    }

    @Override
    public List<PassageHit> search(String queryText, float[] queryVector, Set<Long> collectionIds, int limit) {
        return index().search(queryText, queryVector, collectionIds, limit);
    }

    @Override
    public List<PassageHit> searchAll(String queryText, float[] queryVector, int limit) {
        return index().searchAll(queryText, queryVector, limit);
    }

    @Override
    public long size() {
        return index().size();
    }

    @Override
    public void rebuild(Iterator<IndexedPassage> all) {
        index().rebuild(all);
    }

    /** Closes the index if it was opened; a later use fails instead of opening it again. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            PassageIndex index = opened;
            // Later uses take the slow path, which says the index is closed.
            opened = null;
            if (index != null) {
                index.close();
            }
        }
    }
}
