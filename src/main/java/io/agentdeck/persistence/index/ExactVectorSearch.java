package io.agentdeck.persistence.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.VectorScorer;

/**
 * The nearest vectors among the passages a filter lets through, by comparing the query with every one of them. For a
 * filter that keeps a small share of a large index this is faster than the HNSW graph, which must walk past the many
 * passages the filter rejects (measured at 100,000 passages: 10,000 comparisons take about 4 ms, a graph search
 * through a 10 % filter about 14 ms), and it is exact.
 */
final class ExactVectorSearch {
    private ExactVectorSearch() {}

    private record Scored(int doc, float score) {}

    private static final Comparator<Scored> WORST_FIRST =
            Comparator.comparingDouble(Scored::score).thenComparing(Scored::doc, Comparator.reverseOrder());

    /** Lucene's document numbers of the {@code k} best, best first (ties to the lower number). */
    static List<Integer> nearest(IndexSearcher searcher, Query filter, String field, float[] target, int k)
            throws IOException {
        PriorityQueue<Scored> best = new PriorityQueue<>(k + 1, WORST_FIRST);
        searcher.search(filter, new CollectorManager<SimpleCollector, Void>() {
            @Override
            public SimpleCollector newCollector() {
                return new Comparing(field, target, best, k);
            }

            @Override
            public Void reduce(Collection<SimpleCollector> collectors) {
                return null;
            }
        });
        List<Scored> sorted = new ArrayList<>(best);
        sorted.sort(WORST_FIRST.reversed());
        return sorted.stream().map(Scored::doc).toList();
    }

    /** Scores each document the filter collects (live ones only: the searcher skips deleted documents). */
    private static final class Comparing extends SimpleCollector {
        private final String field;
        private final float[] target;
        private final PriorityQueue<Scored> best;
        private final int k;
        private VectorScorer scorer;
        private DocIdSetIterator vectors;
        private int docBase;

        Comparing(String field, float[] target, PriorityQueue<Scored> best, int k) {
            this.field = field;
            this.target = target;
            this.best = best;
            this.k = k;
        }

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            FloatVectorValues values = context.reader().getFloatVectorValues(field);
            scorer = values == null ? null : values.scorer(target);
            vectors = scorer == null ? null : scorer.iterator();
            docBase = context.docBase;
        }

        @Override
        public void collect(int doc) throws IOException {
            if (vectors == null || (vectors.docID() < doc && vectors.advance(doc) != doc) || vectors.docID() != doc) {
                return;
            }
            Scored scored = new Scored(docBase + doc, scorer.score());
            if (best.size() < k) {
                best.add(scored);
            } else if (WORST_FIRST.compare(scored, best.peek()) > 0) {
                best.poll();
                best.add(scored);
            }
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
