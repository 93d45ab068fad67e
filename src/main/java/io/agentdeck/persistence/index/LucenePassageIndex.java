package io.agentdeck.persistence.index;

import io.agentdeck.engine.knowledge.index.IndexedPassage;
import io.agentdeck.engine.knowledge.index.PassageHit;
import io.agentdeck.engine.knowledge.index.PassageIndex;
import io.agentdeck.engine.knowledge.index.ReciprocalRankFusion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * The knowledge index on disk (ADR 16): one Lucene index per directory with the passages' ids, their text for BM25
 * and their vectors in an HNSW graph. A search runs a k-nearest-neighbour query and a keyword query under the same
 * collection filter and fuses the two rankings by Reciprocal Rank Fusion.
 *
 * <p>One writer serves all changes (serialized here); searches use near-real-time readers from a {@link
 * SearcherManager}, refreshed after every change so that a passage is found as soon as {@code add} returns. Every
 * change is committed before it returns: changes come a document at a time, after seconds of parsing and embedding,
 * so one flush per document costs nothing that matters, and the index on disk then never lags the database by more
 * than the document in flight (which the size check at start catches).
 */
public final class LucenePassageIndex implements PassageIndex {
    /**
     * Lucene prints a java.util.logging warning to standard error the first time it searches vectors, suggesting the
     * incubating Vector API (which prints a warning of its own when enabled). The plain path is fast enough here (see
     * docs/benchmarks.md), so people are not shown it. Held here because JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger VECTORIZATION_LOG = quietVectorizationLog();

    /**
     * How deep each ranking goes before fusion. Fusion can lift a passage that only one side found, so each side
     * contributes more than the caller's limit; 50 per side leaves room for a limit of 10 to be filled well.
     */
    static final int CANDIDATES = 50;

    /**
     * A collection filter that lets at most this many passages through is searched by comparing the query with each
     * of them ({@link ExactVectorSearch}) instead of walking the HNSW graph; see docs/benchmarks.md for the figures.
     */
    static final int EXACT_SEARCH_MAX = 10_000;

    /** Passages handed to the writer at once during a rebuild, so the iterator is never drained into memory. */
    static final int REBUILD_BATCH = 1_000;

    /**
     * The writer's buffer during a rebuild: large enough for about 100,000 passages of 384 dimensions in one flushed
     * segment, so no merge has to build the HNSW graph a second time. Normal changes use Lucene's default (16 MB).
     */
    static final double REBUILD_BUFFER_MB = 512;

    private final Directory directory;
    private final int dimensions;
    private final Analyzer analyzer = PassageAnalyzers.create();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final int exactSearchMax;
    private final Object writes = new Object();
    private boolean closed;

    /**
     * Opens the index in {@code directory} (created when missing) for vectors of {@code dimensions}; an index that
     * cannot be read, or was built for vectors of another size, is replaced by an empty one (see {@link
     * PassageIndex}).
     *
     * @throws IllegalStateException when another process has the index open
     */
    public LucenePassageIndex(Path directory, int dimensions) {
        this(directory, dimensions, EXACT_SEARCH_MAX);
    }

    /** With another threshold for exact search, so that tests reach both ways with few passages. */
    LucenePassageIndex(Path directory, int dimensions, int exactSearchMax) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be positive: " + dimensions);
        }
        this.dimensions = dimensions;
        this.exactSearchMax = exactSearchMax;
        try {
            this.directory = FSDirectory.open(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the knowledge index directory " + directory, e);
        }
        IndexOpener.Opened opened;
        try {
            opened = IndexOpener.open(
                    this.directory, directory, mode -> new IndexWriterConfig(analyzer).setOpenMode(mode), dimensions);
        } catch (RuntimeException e) {
            IOUtils.closeWhileHandlingException(this.directory, analyzer);
            throw e;
        }
        this.writer = opened.writer();
        this.searchers = opened.searchers();
    }

    @Override
    public void add(List<IndexedPassage> passages) {
        List<Document> documents = passages.stream()
                .map(passage -> PassageFields.toDocument(passage, dimensions))
                .toList();
        change(() -> {
            for (int i = 0; i < documents.size(); i++) {
                writer.updateDocument(PassageFields.passageTerm(passages.get(i).passageId()), documents.get(i));
            }
        });
    }

    @Override
    public void replaceDocument(long documentId, List<IndexedPassage> passages) {
        List<Document> documents = passages.stream()
                .map(passage -> PassageFields.toDocument(passage, dimensions))
                .toList();
        // One commit and one refresh for both steps: searchers never see the document without passages.
        change(() -> {
            writer.deleteDocuments(PassageFields.documentTerm(documentId));
            writer.addDocuments(documents);
        });
    }

    @Override
    public void deleteDocument(long documentId) {
        change(() -> writer.deleteDocuments(PassageFields.documentTerm(documentId)));
    }

    @Override
    public List<PassageHit> search(String queryText, float[] queryVector, Set<Long> collectionIds, int limit) {
        Objects.requireNonNull(collectionIds, "collectionIds");
        if (collectionIds.isEmpty()) {
            checkLimit(limit);
            return List.of();
        }
        return find(queryText, queryVector, PassageFields.collectionFilter(collectionIds), limit);
    }

    @Override
    public List<PassageHit> searchAll(String queryText, float[] queryVector, int limit) {
        return find(queryText, queryVector, null, limit);
    }

    @Override
    public long size() {
        return read(searcher -> (long) searcher.getIndexReader().numDocs());
    }

    @Override
    public void rebuild(Iterator<IndexedPassage> all) {
        change(() -> {
            double buffer = writer.getConfig().getRAMBufferSizeMB();
            writer.getConfig().setRAMBufferSizeMB(REBUILD_BUFFER_MB);
            try {
                writer.deleteAll();
                List<Document> batch = new ArrayList<>(REBUILD_BATCH);
                while (all.hasNext()) {
                    batch.add(PassageFields.toDocument(all.next(), dimensions));
                    if (batch.size() == REBUILD_BATCH) {
                        writer.addDocuments(batch);
                        batch.clear();
                    }
                }
                writer.addDocuments(batch);
            } catch (IOException | RuntimeException e) {
                // A half-built index must not pass for a whole one: it is left empty, which the size check reveals.
                writer.deleteAll();
                commitAndRefresh();
                throw e;
            } finally {
                writer.getConfig().setRAMBufferSizeMB(buffer);
            }
        });
    }

    /** Commits what is pending and closes; a second call does nothing. */
    @Override
    public void close() {
        synchronized (writes) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                IOUtils.close(searchers, writer, directory, analyzer);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close the knowledge index", e);
            }
        }
    }

    private static java.util.logging.Logger quietVectorizationLog() {
        java.util.logging.Logger log =
                java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization.VectorizationProvider");
        log.setLevel(java.util.logging.Level.SEVERE);
        return log;
    }

    private List<PassageHit> find(String queryText, float[] queryVector, Query filter, int limit) {
        checkLimit(limit);
        int depth = Math.max(limit, CANDIDATES);
        float[] target = queryVector == null ? null : PassageFields.unit(queryVector, dimensions);
        Optional<Query> keywords = KeywordQuery.of(queryText, analyzer);
        return read(searcher -> {
            List<List<Integer>> rankings = new ArrayList<>(2);
            if (target != null) {
                rankings.add(nearest(searcher, target, filter, depth));
            }
            if (keywords.isPresent()) {
                rankings.add(ranking(searcher, within(keywords.get(), filter), depth));
            }
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            List<PassageHit> hits = new ArrayList<>(limit);
            for (ReciprocalRankFusion.Fused<Integer> fused : ReciprocalRankFusion.fuse(rankings, limit)) {
                hits.add(new PassageHit(
                        PassageFields.readId(leaves, fused.item(), PassageFields.PASSAGE),
                        PassageFields.readId(leaves, fused.item(), PassageFields.DOCUMENT),
                        fused.score(),
                        target == null ? Double.NaN : PassageFields.cosine(leaves, fused.item(), target)));
            }
            return hits;
        });
    }

    private static Query within(Query query, Query filter) {
        if (filter == null) {
            return query;
        }
        return new BooleanQuery.Builder()
                .add(query, BooleanClause.Occur.MUST)
                .add(filter, BooleanClause.Occur.FILTER)
                .build();
    }

    /**
     * By the graph, or by comparing with each passage when the filter keeps few (see {@link #EXACT_SEARCH_MAX}). An
     * index that holds no more than that in all is not counted through the filter first: the count cannot be larger,
     * and counting would only repeat the filter's pass over the index.
     */
    private List<Integer> nearest(IndexSearcher searcher, float[] target, Query filter, int depth) throws IOException {
        if (filter != null
                && (searcher.getIndexReader().maxDoc() <= exactSearchMax || searcher.count(filter) <= exactSearchMax)) {
            return ExactVectorSearch.nearest(searcher, filter, PassageFields.VECTOR, target, depth);
        }
        return ranking(searcher, new KnnFloatVectorQuery(PassageFields.VECTOR, target, depth, filter), depth);
    }

    /** Lucene's document numbers, best first; they are valid for this searcher's reader only. */
    private static List<Integer> ranking(IndexSearcher searcher, Query query, int depth) throws IOException {
        ScoreDoc[] docs = searcher.search(query, depth).scoreDocs;
        List<Integer> ranking = new ArrayList<>(docs.length);
        for (ScoreDoc doc : docs) {
            ranking.add(doc.doc);
        }
        return ranking;
    }

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    @FunctionalInterface
    private interface Change {
        void apply() throws IOException;
    }

    /** Applies a change, commits it and refreshes the searchers, one change at a time. */
    private void change(Change change) {
        synchronized (writes) {
            if (closed) {
                throw new IllegalStateException("The knowledge index is closed");
            }
            try {
                change.apply();
                commitAndRefresh();
            } catch (IOException e) {
                throw new UncheckedIOException("Knowledge index change failed", e);
            }
        }
    }

    private void commitAndRefresh() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    @FunctionalInterface
    private interface Read<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** Runs a read on the newest searcher; after {@link #close} Lucene's AlreadyClosedException (an ISE) says so. */
    private <T> T read(Read<T> read) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return read.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Knowledge index search failed", e);
        }
    }
}
