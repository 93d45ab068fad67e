package io.agentdeck.engine.knowledge.index;

import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The port of the knowledge index: derived from the database (the store of record) and rebuildable from it without
 * embedding anything again. The desktop keeps it on disk with Lucene; a server mode may put vectors elsewhere.
 * Searches are hybrid: by meaning (the query's vector) and by keywords (the query's text), fused into one ranking,
 * within the given collections.
 */
public interface PassageIndex extends AutoCloseable {
    /** Adds passages; searchable once this returns. */
    void add(List<IndexedPassage> passages);

    /** Removes every passage of a document. */
    void deleteDocument(long documentId);

    /** The best passages for the query within {@code collectionIds}, best first, at most {@code limit}. */
    List<PassageHit> search(String queryText, float[] queryVector, Set<Long> collectionIds, int limit);

    /** How many passages the index holds; compared with the database at start to find a stale index. */
    long size();

    /** Drops everything and indexes {@code all} again (after a lost or stale index). */
    void rebuild(Iterator<IndexedPassage> all);

    @Override
    void close();
}
