package io.agentdeck.engine.knowledge.index;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The port of the knowledge index: derived from the database (the store of record) and rebuildable from it without
 * embedding anything again. The desktop keeps it on disk with Lucene; a server mode may put vectors elsewhere.
 * Searches are hybrid: by meaning (the query's vector) and by keywords (the query's text), fused into one ranking,
 * within the given collections.
 *
 * <p>The index may be lost or stale: a missing, corrupt or unreadable index (or one built for vectors of another
 * size) opens empty instead of failing, and a crash may leave it behind the database. So the caller compares
 * {@link #size()} with the database's passage count when the index opens ({@link #whenOpened}), and calls
 * {@link #rebuild} when they differ.
 */
public interface PassageIndex extends AutoCloseable {
    /**
     * Adds passages, replacing any already indexed under the same passage id (so adding again after a crash is
     * harmless); searchable and durable once this returns.
     */
    void add(List<IndexedPassage> passages);

    /**
     * Puts {@code passages} in place of every passage the document had, as one change: a search running meanwhile
     * finds either the old passages or the new ones, never the document missing. Durable once this returns.
     */
    void replaceDocument(long documentId, List<IndexedPassage> passages);

    /** Removes every passage of a document; durable once this returns. */
    void deleteDocument(long documentId);

    /**
     * The best passages for the query within {@code collectionIds}, best first, at most {@code limit}. A blank
     * {@code queryText} searches by meaning only, a null {@code queryVector} by keywords only; an empty set of
     * collections finds nothing (an agent given no collections reads none).
     */
    List<PassageHit> search(String queryText, float[] queryVector, Set<Long> collectionIds, int limit);

    /** As {@link #search}, in every collection (the knowledge base's own search page, not an agent's). */
    List<PassageHit> searchAll(String queryText, float[] queryVector, int limit);

    /** How many passages the index holds; compared with the database at start to find a stale index. */
    long size();

    /** Drops everything and indexes {@code all} again (after a lost or stale index). */
    void rebuild(Iterator<IndexedPassage> all);

    /**
     * Has {@code check} run on the opened index before anything else uses it (the comparison with the database). An
     * index opened when it is made runs it at once; one opened on first use ({@link OpenedOnFirstUse}) then.
     */
    default void whenOpened(Consumer<PassageIndex> check) {
        check.accept(this);
    }

    /**
     * Opens an index that opens on first use now, with its check. Whoever is about to change the database's passages
     * calls this first: the check compares the index with the database, and must not see the database half a change
     * ahead of the index (it would rebuild the whole index for nothing, or miss a real difference).
     */
    default void open() {}

    @Override
    void close();
}
