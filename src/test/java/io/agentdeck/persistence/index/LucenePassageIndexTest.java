package io.agentdeck.persistence.index;

import static io.agentdeck.persistence.index.KnowledgeCorpus.DIMENSIONS;
import static io.agentdeck.persistence.index.KnowledgeCorpus.GUIDE;
import static io.agentdeck.persistence.index.KnowledgeCorpus.NIGHT_PALETTE_PASSAGE;
import static io.agentdeck.persistence.index.KnowledgeCorpus.QUOTA_CODE_PASSAGE;
import static io.agentdeck.persistence.index.KnowledgeCorpus.RELEASE_NOTES;
import static io.agentdeck.persistence.index.KnowledgeCorpus.RUNBOOK;
import static io.agentdeck.persistence.index.KnowledgeCorpus.SHORTCUTS_DOCUMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.knowledge.index.IndexedPassage;
import io.agentdeck.engine.knowledge.index.PassageHit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The index on a real disk directory, with vectors from the app's in-process MiniLM model. */
class LucenePassageIndexTest {
    private static final Set<Long> ALL = Set.of(GUIDE, RELEASE_NOTES, RUNBOOK);
    private static KnowledgeCorpus corpus;

    @TempDir
    Path dir;

    @BeforeAll
    static void embedCorpus() {
        corpus = new KnowledgeCorpus();
    }

    private LucenePassageIndex filledIndex() {
        LucenePassageIndex index = new LucenePassageIndex(dir, DIMENSIONS);
        index.add(corpus.passages());
        return index;
    }

    private static List<Long> ids(List<PassageHit> hits) {
        return hits.stream().map(PassageHit::passageId).toList();
    }

    @Test
    void anExactIdentifierComesFirstThoughItsMeaningRanksItLow() {
        String question = "What does ERR_4711_QUOTA mean?";
        float[] vector = corpus.embed(question);
        try (LucenePassageIndex index = filledIndex()) {
            List<Long> byMeaning = ids(index.search("", vector, ALL, 20));
            assertThat(byMeaning.indexOf(QUOTA_CODE_PASSAGE))
                    .as("rank by meaning alone (from 0): other passages about quotas and errors come first")
                    .isGreaterThanOrEqualTo(3);

            List<Long> hybrid = ids(index.search(question, vector, ALL, 3));
            assertThat(hybrid).first().isEqualTo(QUOTA_CODE_PASSAGE);
        }
    }

    @Test
    void aParaphraseIsFoundByMeaningThoughItSharesNoKeyword() {
        String question = "how do I make the app look dark";
        float[] vector = corpus.embed(question);
        try (LucenePassageIndex index = filledIndex()) {
            assertThat(ids(index.search(question, null, ALL, 20))).doesNotContain(NIGHT_PALETTE_PASSAGE);
            assertThat(ids(index.search("", vector, ALL, 1))).containsExactly(NIGHT_PALETTE_PASSAGE);

            assertThat(ids(index.search(question, vector, ALL, 3))).contains(NIGHT_PALETTE_PASSAGE);
        }
    }

    @Test
    void identifiersThatWordBreaksSplitOrKeepAreFoundByKeyword() {
        try (LucenePassageIndex index = filledIndex()) {
            assertThat(ids(index.search("io.agentdeck.Main", null, ALL, 5))).containsExactly(203L);
            assertThat(ids(index.search("--headless", null, ALL, 5))).containsExactly(203L);
            assertThat(ids(index.search("err_4711_quota", null, ALL, 5))).containsExactly(QUOTA_CODE_PASSAGE);
            assertThat(ids(index.search("Ctrl+K", null, ALL, 5))).first().isEqualTo(103L);
        }
    }

    @Test
    void aSearchStaysWithinTheGivenCollections() {
        String question = "ERR_4711_QUOTA storage quota";
        float[] vector = corpus.embed(question);
        Set<Long> guide = corpus.inCollection(GUIDE).stream()
                .map(IndexedPassage::passageId)
                .collect(Collectors.toSet());
        try (LucenePassageIndex index = filledIndex()) {
            List<Long> inGuide = ids(index.search(question, vector, Set.of(GUIDE), 50));
            assertThat(inGuide).isNotEmpty().allMatch(guide::contains);
            assertThat(inGuide).hasSize(guide.size());

            List<Long> inTwo = ids(index.search(question, vector, Set.of(GUIDE, RELEASE_NOTES), 50));
            assertThat(inTwo).contains(QUOTA_CODE_PASSAGE).noneMatch(id -> id >= 300);

            assertThat(index.search(question, vector, Set.of(), 5)).isEmpty();
            assertThat(index.search(question, vector, Set.of(99L), 5)).isEmpty();
            assertThat(index.searchAll(question, vector, 50))
                    .hasSize(corpus.passages().size());
        }
    }

    @Test
    void aSmallCollectionIsSearchedExactlyAndALargeOneByTheGraphBothWithinTheirCollection() {
        // The rule depends on how many passages the filter keeps: here more than 100 go to the graph.
        int large = 300;
        List<IndexedPassage> passages = new ArrayList<>(randomPassages(large + 50, 8));
        passages.replaceAll(p -> new IndexedPassage(
                p.passageId(), p.documentId(), p.passageId() < 10_000 + large ? 1 : 2, p.text(), p.vector()));
        float[] query = randomPassages(1, 8).getFirst().vector();
        try (LucenePassageIndex index = new LucenePassageIndex(dir.resolve("two"), 8, 100)) {
            index.add(passages);
            long deleted = passages.getLast().documentId();
            index.deleteDocument(deleted);
            List<IndexedPassage> small = passages.stream()
                    .filter(p -> p.collectionId() == 2 && p.documentId() != deleted)
                    .toList();

            List<PassageHit> exact = index.search("", query, Set.of(2L), 10);
            assertThat(ids(exact)).containsExactlyElementsOf(bestByCosine(small, query, 10));

            List<PassageHit> byGraph = index.search("", query, Set.of(1L), 10);
            assertThat(byGraph).hasSize(10).allMatch(hit -> hit.passageId() < 10_000 + large);
        }
    }

    private static List<Long> bestByCosine(List<IndexedPassage> passages, float[] query, int limit) {
        float[] unit = PassageFields.unit(query, query.length);
        return passages.stream()
                .sorted(java.util.Comparator.comparingDouble(
                        (IndexedPassage p) -> -org.apache.lucene.util.VectorUtil.dotProduct(
                                PassageFields.unit(p.vector(), p.vector().length), unit)))
                .limit(limit)
                .map(IndexedPassage::passageId)
                .toList();
    }

    @Test
    void everyHitCarriesItsCosineWithTheQueryAndAKeywordOnlySearchNone() {
        List<IndexedPassage> passages = new ArrayList<>(randomPassages(150, 8));
        passages.replaceAll(p -> new IndexedPassage(
                p.passageId(), p.documentId(), p.passageId() < 10_020 ? 1 : 2, p.text(), p.vector()));
        float[] query = randomPassages(3, 8).getLast().vector();
        float[] unit = PassageFields.unit(query, query.length);
        java.util.Map<Long, float[]> vectors = new java.util.HashMap<>();
        passages.forEach(p -> vectors.put(p.passageId(), PassageFields.unit(p.vector(), p.vector().length)));
        try (LucenePassageIndex index = new LucenePassageIndex(dir.resolve("cosine"), 8, 100)) {
            index.add(passages);
            // Collection 1 is searched exactly, collection 2 through the graph, both with the keywords.
            for (Set<Long> collections : List.of(Set.of(1L), Set.of(2L))) {
                List<PassageHit> hits = index.search("generated passage 7", query, collections, 10);
                assertThat(hits)
                        .isNotEmpty()
                        .allSatisfy(hit -> assertThat(hit.similarity())
                                .isCloseTo(
                                        org.apache.lucene.util.VectorUtil.dotProduct(
                                                vectors.get(hit.passageId()), unit),
                                        org.assertj.core.data.Offset.offset(1e-5)));
            }
            assertThat(index.search("generated passage 7", null, Set.of(1L), 5))
                    .isNotEmpty()
                    .allMatch(hit -> Double.isNaN(hit.similarity()));
        }
    }

    @Test
    void hitsCarryTheirDocumentAndComeBestFirstWithinTheLimit() {
        float[] vector = corpus.embed("keyboard shortcut to cancel");
        try (LucenePassageIndex index = filledIndex()) {
            List<PassageHit> hits = index.search("keyboard shortcut to cancel", vector, ALL, 4);
            assertThat(hits).hasSize(4);
            assertThat(hits).extracting(PassageHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            assertThat(hits)
                    .filteredOn(hit -> hit.passageId() == 103 || hit.passageId() == 104)
                    .isNotEmpty()
                    .allMatch(hit -> hit.documentId() == SHORTCUTS_DOCUMENT);
            assertThatThrownBy(() -> index.search("x", vector, ALL, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void deletingADocumentRemovesAllItsPassagesAtOnce() {
        try (LucenePassageIndex index = filledIndex()) {
            index.deleteDocument(SHORTCUTS_DOCUMENT);

            assertThat(index.size()).isEqualTo(corpus.passages().size() - 2);
            assertThat(ids(index.searchAll("Ctrl+K Esc shortcuts cancel", corpus.embed("keyboard shortcuts"), 50)))
                    .doesNotContain(103L, 104L);
        }
    }

    @Test
    void addingAPassageAgainReplacesIt() {
        try (LucenePassageIndex index = filledIndex()) {
            IndexedPassage fonts = corpus.passages().getFirst();
            String text = "Fonts: the font can be changed to OpenDyslexic.";
            index.add(List.of(new IndexedPassage(
                    fonts.passageId(), fonts.documentId(), fonts.collectionId(), text, corpus.embed(text))));

            assertThat(index.size()).isEqualTo(corpus.passages().size());
            assertThat(ids(index.searchAll("OpenDyslexic", null, 5))).containsExactly(fonts.passageId());
            assertThat(ids(index.searchAll("points", null, 5))).doesNotContain(fonts.passageId());
        }
    }

    @Test
    void aDocumentReplacedWhileOthersSearchIsNeverMissing() throws Exception {
        try (LucenePassageIndex index = filledIndex()) {
            List<IndexedPassage> shortcuts = corpus.passages().stream()
                    .filter(passage -> passage.documentId() == SHORTCUTS_DOCUMENT)
                    .toList();
            var replacing = Thread.ofPlatform().start(() -> {
                for (int round = 0; round < 200; round++) {
                    // New passage ids each round, as when a document is indexed again.
                    long base = 10_000L + round * 10L;
                    List<IndexedPassage> fresh = new ArrayList<>();
                    for (int i = 0; i < shortcuts.size(); i++) {
                        IndexedPassage old = shortcuts.get(i);
                        fresh.add(new IndexedPassage(
                                base + i, old.documentId(), old.collectionId(), old.text(), old.vector()));
                    }
                    index.replaceDocument(SHORTCUTS_DOCUMENT, fresh);
                }
            });
            int searches = 0;
            while (replacing.isAlive()) {
                assertThat(index.searchAll("Ctrl+K Esc shortcuts cancel", null, 50))
                        .as("search %d", ++searches)
                        .filteredOn(hit -> hit.documentId() == SHORTCUTS_DOCUMENT)
                        .hasSize(shortcuts.size());
            }
            replacing.join();
            assertThat(searches).isPositive();
            assertThat(index.size()).isEqualTo(corpus.passages().size());
        }
    }

    @Test
    void closingAndOpeningAgainKeepsEverything() {
        String question = "What does ERR_4711_QUOTA mean?";
        float[] vector = corpus.embed(question);
        List<PassageHit> before;
        try (LucenePassageIndex index = filledIndex()) {
            index.deleteDocument(SHORTCUTS_DOCUMENT);
            before = index.search(question, vector, ALL, 10);
        }
        try (LucenePassageIndex reopened = new LucenePassageIndex(dir, DIMENSIONS)) {
            assertThat(reopened.size()).isEqualTo(corpus.passages().size() - 2);
            assertThat(reopened.search(question, vector, ALL, 10)).isEqualTo(before);
        }
    }

    @Test
    void rebuildingReplacesEverythingWithWhatTheIteratorGives() {
        try (LucenePassageIndex index = filledIndex()) {
            List<IndexedPassage> guide = corpus.inCollection(GUIDE);
            index.rebuild(guide.iterator());
            assertThat(index.size()).isEqualTo(guide.size());
            assertThat(index.searchAll("ERR_4711_QUOTA", null, 5)).isEmpty();
            assertThat(ids(index.searchAll("night palette", null, 5))).containsExactly(NIGHT_PALETTE_PASSAGE);
        }
    }

    @Test
    void aRebuildLargerThanOneBatchIsWholeAfterARestart() {
        // Small vectors: this is about batches, and building an HNSW graph of 384 dimensions takes longer.
        int count = LucenePassageIndex.REBUILD_BATCH * 2 + 7;
        Path small = dir.resolve("small");
        try (LucenePassageIndex index = new LucenePassageIndex(small, 8)) {
            index.add(randomPassages(3, 8));
            index.rebuild(randomPassages(count, 8).iterator());
            assertThat(index.size()).isEqualTo(count);
        }
        try (LucenePassageIndex reopened = new LucenePassageIndex(small, 8)) {
            assertThat(reopened.size()).isEqualTo(count);
            assertThat(ids(reopened.searchAll("2006", null, 1))).containsExactly(12_006L);
        }
    }

    @Test
    void aRebuildThatFailsLeavesTheIndexEmptyRatherThanHalfBuilt() {
        try (LucenePassageIndex index = filledIndex()) {
            List<IndexedPassage> some = corpus.inCollection(GUIDE);
            Stream<IndexedPassage> failing = Stream.concat(some.stream(), Stream.generate(() -> {
                throw new IllegalStateException("database went away");
            }));

            assertThatThrownBy(() -> index.rebuild(failing.iterator())).hasMessage("database went away");
            assertThat(index.size()).isZero();
        }
        try (LucenePassageIndex reopened = new LucenePassageIndex(dir, DIMENSIONS)) {
            assertThat(reopened.size()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"segments_", ".cfs", ".si"})
    void anIndexWithAFileOverwrittenByJunkOpensEmptyAndCanBeRebuilt(String fileEnding) throws IOException {
        try (LucenePassageIndex index = filledIndex()) {
            assertThat(index.size()).isPositive();
        }
        Path victim;
        try (Stream<Path> files = Files.list(dir)) {
            victim = files.filter(file -> file.getFileName().toString().startsWith(fileEnding)
                            || file.getFileName().toString().endsWith(fileEnding))
                    .findFirst()
                    .orElseThrow();
        }
        byte[] junk = new byte[(int) Files.size(victim)];
        new Random(7).nextBytes(junk);
        Files.write(victim, junk);

        try (LucenePassageIndex reopened = new LucenePassageIndex(dir, DIMENSIONS)) {
            assertThat(reopened.size()).isZero();
            reopened.rebuild(corpus.passages().iterator());
            assertThat(ids(reopened.searchAll("ERR_4711_QUOTA", null, 1))).containsExactly(QUOTA_CODE_PASSAGE);
        }
    }

    @Test
    void anIndexWithAMissingFileOpensEmpty() throws IOException {
        try (LucenePassageIndex index = filledIndex()) {
            assertThat(index.size()).isPositive();
        }
        try (Stream<Path> files = Files.list(dir)) {
            Files.delete(files.filter(file -> file.toString().endsWith(".cfs"))
                    .findFirst()
                    .orElseThrow());
        }
        try (LucenePassageIndex reopened = new LucenePassageIndex(dir, DIMENSIONS)) {
            assertThat(reopened.size()).isZero();
        }
    }

    @Test
    void aMissingDirectoryIsCreatedEmpty() {
        try (LucenePassageIndex index = new LucenePassageIndex(dir.resolve("not/yet/there"), DIMENSIONS)) {
            assertThat(index.size()).isZero();
            assertThat(index.searchAll("anything", corpus.embed("anything"), 5)).isEmpty();
        }
    }

    @Test
    void anIndexBuiltForVectorsOfAnotherSizeOpensEmpty() {
        try (LucenePassageIndex index = filledIndex()) {
            assertThat(index.size()).isPositive();
        }
        try (LucenePassageIndex other = new LucenePassageIndex(dir, 8)) {
            assertThat(other.size()).isZero();
            assertThatThrownBy(() -> other.add(corpus.passages()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("384 dimensions");
        }
    }

    @Test
    void anIndexOpenInAnotherInstanceIsNotWipedButRefused() {
        try (LucenePassageIndex index = filledIndex()) {
            assertThatThrownBy(() -> new LucenePassageIndex(dir, DIMENSIONS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use elsewhere");
            assertThat(index.size()).isEqualTo(corpus.passages().size());
        }
    }

    @Test
    void hostileQueryTextsNeitherThrowNorActAsSyntax() {
        float[] vector = corpus.embed("quota");
        List<String> syntaxOnly = List.of(
                "foo:(bar",
                "*",
                "?",
                "\"",
                "\\",
                "exact:*",
                "((((((",
                "~~~^",
                "/.*/",
                "-",
                "+",
                "&&||!",
                "",
                "   ",
                "🙂 \u202e \u0000");
        List<String> withWords = List.of(
                "AND OR NOT",
                "text:[a TO z]",
                "collection:3 OR passage:*",
                "a".repeat(100_000),
                IntStream.range(0, 5_000).mapToObj(i -> "word" + i).collect(Collectors.joining(" ")));
        try (LucenePassageIndex index = filledIndex()) {
            for (String text : syntaxOnly) {
                assertThat(index.search(text, null, ALL, 5)).as(text).isEmpty();
                assertThat(index.search(text, vector, ALL, 5)).as(text).hasSize(5);
            }
            for (String text : withWords) {
                String shown = text.substring(0, Math.min(40, text.length()));
                // Their words are searched as words: "text" is in one passage, the rest in none.
                assertThat(index.search(text, null, ALL, 5)).as(shown).hasSizeLessThanOrEqualTo(1);
                assertThat(index.search(text, vector, ALL, 5)).as(shown).hasSize(5);
            }
            assertThat(index.search(null, vector, ALL, 5)).hasSize(5);
            assertThat(index.search(null, null, ALL, 5)).isEmpty();
        }
    }

    @Test
    void vectorsOfTheWrongSizeAreRefusedWithAReason() {
        try (LucenePassageIndex index = filledIndex()) {
            assertThatThrownBy(() -> index.searchAll("x", new float[3], 5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3 dimensions");
            assertThatThrownBy(() -> index.add(List.of(new IndexedPassage(1, 1, 1, "x", new float[DIMENSIONS]))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("zero vector");
            assertThat(index.size()).isEqualTo(corpus.passages().size());
        }
    }

    @Test
    void aClosedIndexRefusesWork() {
        LucenePassageIndex index = filledIndex();
        index.close();
        index.close();

        assertThatThrownBy(index::size).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> index.add(corpus.passages())).isInstanceOf(IllegalStateException.class);
    }

    private static List<IndexedPassage> randomPassages(int count, int dimensions) {
        Random random = new Random(count);
        List<IndexedPassage> passages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[] vector = new float[dimensions];
            for (int d = 0; d < dimensions; d++) {
                vector[d] = (float) random.nextGaussian();
            }
            passages.add(new IndexedPassage(10_000 + i, 10_000 + i / 4, 7, "generated passage " + i, vector));
        }
        return passages;
    }
}
