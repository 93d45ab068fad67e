package io.agentdeck.bench;

import io.agentdeck.engine.knowledge.index.IndexedPassage;
import io.agentdeck.engine.knowledge.index.PassageHit;
import io.agentdeck.persistence.index.LucenePassageIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * 7. The knowledge index on disk ({@link LucenePassageIndex}) at 100,000 passages, in this JVM: rebuilding it from an
 * iterator, opening it as the app does at start (nothing embedded again), and hybrid queries with and without a
 * collection filter. The passages are generated: random unit vectors of 384 dimensions (MiniLM's size; no model is
 * run) and 60 words each from a Zipf-distributed vocabulary plus an error code, in 10 collections of equal size.
 */
final class IndexBenchmark {
    private static final String NAME = "7. Knowledge index (Lucene, in-process)";
    private static final String TARGET = "p99 ≤ 20 ms";
    static final int DIMENSIONS = 384;
    static final int PASSAGES = 100_000;
    static final int COLLECTIONS = 10;
    static final int PASSAGES_PER_DOCUMENT = 10;
    static final int WORDS_PER_PASSAGE = 60;
    static final int VOCABULARY = 20_000;
    static final int QUERY_POOL = 1_000;
    static final int LIMIT = 10;

    private IndexBenchmark() {}

    /** One query: a random unit vector and three words (sometimes an error code), as a question's would be. */
    private record Query(String text, float[] vector) {}

    static void run(Report report, Budget budget, Path dir) {
        int passages = budget.count(PASSAGES);
        System.out.println("7. Knowledge index: " + passages + " passages, " + DIMENSIONS + " dimensions");
        Words words = new Words(VOCABULARY);

        long started = System.nanoTime();
        try (LucenePassageIndex index = new LucenePassageIndex(dir, DIMENSIONS)) {
            index.rebuild(new Generated(passages, words));
        }
        double rebuildMs = (System.nanoTime() - started) / 1e6;
        report.row(
                NAME,
                String.format(
                        Locale.ROOT,
                        "rebuild of %,d passages from an iterator into an empty directory, committed and closed",
                        passages),
                Report.ms(rebuildMs) + String.format(Locale.ROOT, " (%,.0f passages/s)", passages / (rebuildMs / 1e3)),
                "",
                "");

        List<Query> queries = queries(words);
        started = System.nanoTime();
        try (LucenePassageIndex index = new LucenePassageIndex(dir, DIMENSIONS)) {
            double openMs = (System.nanoTime() - started) / 1e6;
            if (index.size() != passages) {
                throw new IllegalStateException("The index holds " + index.size() + " passages, not " + passages);
            }
            long firstStarted = System.nanoTime();
            index.searchAll(queries.getFirst().text(), queries.getFirst().vector(), LIMIT);
            double firstMs = (System.nanoTime() - firstStarted) / 1e6;
            report.row(
                    NAME,
                    String.format(
                            Locale.ROOT,
                            "open at start with %,d passages (no embedding); then the first query",
                            passages),
                    Report.ms(openMs) + "; " + Report.ms(firstMs),
                    "",
                    "");

            Set<Long> oneCollection = Set.of(3L);
            Set<Long> twoCollections = Set.of(3L, 7L);
            measure(
                    report,
                    budget,
                    queries,
                    "hybrid, all collections",
                    q -> index.searchAll(q.text(), q.vector(), LIMIT));
            measure(
                    report,
                    budget,
                    queries,
                    "hybrid, within 1 of 10 collections",
                    q -> index.search(q.text(), q.vector(), oneCollection, LIMIT));
            measure(
                    report,
                    budget,
                    queries,
                    "hybrid, within 2 of 10 collections",
                    q -> index.search(q.text(), q.vector(), twoCollections, LIMIT));
            measure(
                    report,
                    budget,
                    queries,
                    "vector only, all collections",
                    q -> index.searchAll("", q.vector(), LIMIT));
            measure(
                    report,
                    budget,
                    queries,
                    "keywords only, all collections",
                    q -> index.searchAll(q.text(), null, LIMIT));
        }
        report.row(NAME, "index on disk", Report.mib(sizeKib(dir)), "", "");
        report.note("Index benchmark: Lucene's vector code runs "
                + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                        ? "with the Panama Vector API (--add-modules jdk.incubator.vector)"
                        : "without the Panama Vector API (the app is not started with --add-modules"
                                + " jdk.incubator.vector), i.e. with scalar dot products")
                + "; random vectors are the hard case for HNSW (no clusters to follow).");
    }

    private static void measure(
            Report report, Budget budget, List<Query> queries, String what, Function<Query, List<PassageHit>> search) {
        ClosedLoop.Result result = ClosedLoop.run(
                List.of(i -> {
                    if (search.apply(queries.get(i % queries.size())).isEmpty()) {
                        throw new IllegalStateException("A query found nothing");
                    }
                    return 0;
                }),
                budget.seconds(5),
                budget.count(2_000),
                budget.seconds(30));
        report.row(
                NAME,
                what + ", " + LIMIT + " hits, p50 / p99 (" + result.latency().count() + " queries)",
                Report.msPair(result.latency().p50(), result.latency().p99()),
                "",
                what.startsWith("hybrid") ? TARGET : "");
    }

    private static List<Query> queries(Words words) {
        Random random = new Random(99);
        List<Query> queries = new ArrayList<>(QUERY_POOL);
        for (int i = 0; i < QUERY_POOL; i++) {
            String text = words.pick(random) + " " + words.pick(random) + " "
                    + (i % 4 == 0 ? errorCode(random.nextInt(PASSAGES)) : words.pick(random));
            queries.add(new Query(text, randomUnitVector(random)));
        }
        return queries;
    }

    private static String errorCode(long passageId) {
        return "ERR_" + (passageId % 10_000) + "_QUOTA";
    }

    private static float[] randomUnitVector(Random random) {
        float[] vector = new float[DIMENSIONS];
        double norm = 0;
        for (int d = 0; d < DIMENSIONS; d++) {
            vector[d] = (float) random.nextGaussian();
            norm += vector[d] * vector[d];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < DIMENSIONS; d++) {
            vector[d] *= scale;
        }
        return vector;
    }

    private static long sizeKib(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(file -> file.toFile().length()).sum() / 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The passages, made one at a time as the rebuild asks, the way a database cursor would hand them over. */
    private static final class Generated implements Iterator<IndexedPassage> {
        private final int count;
        private final Words words;
        private final Random random = new Random(42);
        private int next;

        Generated(int count, Words words) {
            this.count = count;
            this.words = words;
        }

        @Override
        public boolean hasNext() {
            return next < count;
        }

        @Override
        public IndexedPassage next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            long id = next++;
            long document = id / PASSAGES_PER_DOCUMENT;
            StringBuilder text = new StringBuilder(WORDS_PER_PASSAGE * 8);
            for (int w = 0; w < WORDS_PER_PASSAGE; w++) {
                text.append(words.pick(random)).append(w % 12 == 11 ? ". " : " ");
            }
            text.append(errorCode(id)).append('.');
            return new IndexedPassage(id, document, document % COLLECTIONS, text.toString(), randomUnitVector(random));
        }
    }

    /** Made-up words of two to four syllables, drawn by Zipf's law (a few very common, most rare), as in prose. */
    private static final class Words {
        private static final String[] SYLLABLES = {
            "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "xe", "zu", "ba", "de", "fo", "gi", "hu", "ja"
        };
        private final String[] words;
        private final double[] cumulative;

        Words(int size) {
            words = new String[size];
            cumulative = new double[size];
            double sum = 0;
            for (int rank = 0; rank < size; rank++) {
                words[rank] = word(rank);
                sum += 1 / Math.pow(rank + 1, 1.07);
                cumulative[rank] = sum;
            }
            for (int rank = 0; rank < size; rank++) {
                cumulative[rank] /= sum;
            }
        }

        private static String word(int rank) {
            StringBuilder word = new StringBuilder();
            int rest = rank + SYLLABLES.length;
            while (rest > 0) {
                word.append(SYLLABLES[rest % SYLLABLES.length]);
                rest /= SYLLABLES.length;
            }
            return word.toString();
        }

        String pick(Random random) {
            int found = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
            return words[Math.min(found >= 0 ? found : -found - 1, words.length - 1)];
        }
    }
}
