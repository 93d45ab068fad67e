package io.agentdeck.engine.knowledge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StructuredSplitterTest {
    private static Section section(String text, Integer page, String heading) {
        return new Section(text, Optional.ofNullable(page), Optional.ofNullable(heading));
    }

    private static ParsedDocument document(Section... sections) {
        return new ParsedDocument("text/plain", List.of(sections));
    }

    /** Sentences of about 60 characters, numbered so that each is distinct. */
    private static String sentences(int count, int from) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append("Sentence number ").append(i).append(" says something worth keeping here.");
        }
        return text.toString();
    }

    /** The checks that hold for every split: exact slices, in order, numbered, within the size. */
    private static void assertWellFormed(ParsedDocument document, List<Chunk> chunks, int chunkSize) {
        String text = document.text();
        assertThat(chunks)
                .extracting(Chunk::ordinal)
                .containsExactlyElementsOf(
                        IntStream.range(0, chunks.size()).boxed().toList());
        for (Chunk chunk : chunks) {
            assertThat(text.substring(
                            chunk.start(), chunk.start() + chunk.text().length()))
                    .isEqualTo(chunk.text());
            assertThat(chunk.text()).isNotBlank().isEqualTo(chunk.text().strip());
            assertThat(chunk.text().length()).isLessThanOrEqualTo(chunkSize);
        }
        assertThat(chunks).extracting(Chunk::start).isSorted();
    }

    @Test
    void aShortDocumentIsOneChunkPerSectionWithItsPageAndHeading() {
        ParsedDocument document = document(
                section("Intro\n\nFirst page text.", 1, "Intro"),
                section("Second page text.", 2, "Intro"),
                section("Appendix\n\nThe end.", 2, "Appendix"));

        List<Chunk> chunks = new StructuredSplitter().split(document);

        assertThat(chunks)
                .extracting(Chunk::ordinal, Chunk::text, Chunk::page, Chunk::heading, Chunk::start)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                0, "Intro\n\nFirst page text.", Optional.of(1), Optional.of("Intro"), 0),
                        org.assertj.core.groups.Tuple.tuple(
                                1, "Second page text.", Optional.of(2), Optional.of("Intro"), 25),
                        org.assertj.core.groups.Tuple.tuple(
                                2, "Appendix\n\nThe end.", Optional.of(2), Optional.of("Appendix"), 44));
        assertWellFormed(document, chunks, 1_000);
    }

    @Test
    void aChunkNeverCrossesASectionEvenWhenBothWouldFit() {
        // Each section alone is longer than a chunk, and their ends would fit into one: they still do not share one.
        ParsedDocument document = document(section(sentences(5, 0), 1, null), section(sentences(5, 100), 2, null));

        List<Chunk> chunks = new StructuredSplitter(200, 30).split(document);

        assertWellFormed(document, chunks, 200);
        for (Chunk chunk : chunks) {
            boolean onFirstPage = chunk.page().equals(Optional.of(1));
            assertThat(chunk.text()).doesNotContain(onFirstPage ? "number 10" : "number 4 ");
        }
        assertThat(chunks).extracting(Chunk::page).containsSubsequence(Optional.of(1), Optional.of(2));
    }

    @Test
    void paragraphsAreKeptWholeWhenTheyFit() {
        String first = sentences(6, 0);
        String second = sentences(6, 10);
        String third = sentences(6, 20);
        ParsedDocument document = document(section(first + "\n\n" + second + "\n\n" + third, null, "Notes"));

        List<Chunk> chunks = new StructuredSplitter(800, 0).split(document);

        assertThat(chunks).extracting(Chunk::text).containsExactly(first + "\n\n" + second, third);
        assertThat(chunks).extracting(Chunk::heading).containsOnly(Optional.of("Notes"));
        assertWellFormed(document, chunks, 800);
    }

    @Test
    void aLongParagraphIsCutAtSentenceEnds() {
        ParsedDocument document = document(section(sentences(40, 0), null, null));

        List<Chunk> chunks = new StructuredSplitter(500, 0).split(document);

        assertThat(chunks).hasSizeGreaterThan(4);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.text()).startsWith("Sentence number ");
            assertThat(chunk.text()).endsWith("worth keeping here.");
        });
        assertWellFormed(document, chunks, 500);
    }

    @Test
    void consecutiveChunksOverlapByAboutTheOverlapFromAWordStart() {
        String text = sentences(40, 0);
        ParsedDocument document = document(section(text, null, null));

        List<Chunk> chunks = new StructuredSplitter(500, 100).split(document);

        assertWellFormed(document, chunks, 500);
        for (int i = 1; i < chunks.size(); i++) {
            Chunk before = chunks.get(i - 1);
            Chunk after = chunks.get(i);
            int shared = before.start() + before.text().length() - after.start();
            assertThat(shared).as("overlap of chunk %d", i).isBetween(80, 100);
            assertThat(text.charAt(after.start() - 1)).isEqualTo(' ');
        }
    }

    @Test
    void aLongParagraphWithoutPunctuationIsCutBetweenWords() {
        String words = String.join(
                " ", IntStream.range(0, 500).mapToObj(i -> "word" + i).toList());
        ParsedDocument document = document(section(words, 3, null));

        List<Chunk> chunks = new StructuredSplitter(300, 40).split(document);

        assertWellFormed(document, chunks, 300);
        for (Chunk chunk : chunks) {
            assertThat(chunk.text()).matches("word\\d+( word\\d+)*");
            assertThat(chunk.page()).contains(3);
        }
        assertThat(chunks.getLast().text()).endsWith("word499");
    }

    @Test
    void aWordLongerThanAChunkIsCutAtTheSize() {
        String blob = "x".repeat(250);
        ParsedDocument document = document(section(blob, null, null));

        List<Chunk> chunks = new StructuredSplitter(100, 20).split(document);

        assertWellFormed(document, chunks, 100);
        assertThat(String.join("", chunks.stream().map(Chunk::text).toList())).hasSizeGreaterThanOrEqualTo(250);
        assertThat(chunks.getFirst().text()).hasSize(100);
        assertThat(chunks.getLast().start() + chunks.getLast().text().length()).isEqualTo(250);
    }

    @Test
    void linesAreTheFallbackWhenThereIsNoSentenceEnd() {
        String code = String.join(
                "\n",
                IntStream.range(0, 60).mapToObj(i -> "    call(" + i + ");").toList());
        ParsedDocument document = document(section(code, null, null));

        List<Chunk> chunks = new StructuredSplitter(200, 0).split(document);

        assertWellFormed(document, chunks, 200);
        assertThat(chunks)
                .allSatisfy(
                        chunk -> assertThat(chunk.text()).startsWith("call(").endsWith(");"));
    }

    @Test
    void offsetsCountInTheTextOfTheWholeDocument() {
        ParsedDocument document = document(
                section(sentences(20, 0), 1, "One"), section(sentences(20, 50), 2, "Two"), section("Tail.", 3, null));

        List<Chunk> chunks = new StructuredSplitter().split(document);

        assertWellFormed(document, chunks, 1_000);
        assertThat(chunks.getLast().start()).isEqualTo(document.text().length() - "Tail.".length());
        assertThat(chunks.getLast().text()).isEqualTo("Tail.");
    }

    @Test
    void unreasonableSizesAreRefused() {
        assertThatThrownBy(() -> new StructuredSplitter(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StructuredSplitter(100, 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StructuredSplitter(100, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
