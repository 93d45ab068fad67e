package io.agentdeck.engine.knowledge.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a {@link ParsedDocument} into {@link Chunk}s of about {@code chunkSize} characters. A chunk never spans two
 * sections, so it keeps one page and one heading for its citation. Within a section a cut falls at the last paragraph
 * break that fits, else the last sentence end, else the last line break, else the last space, and only for a word
 * longer than a chunk in the middle of it. Each chunk after the first in a section repeats about {@code overlap}
 * characters of the one before (from a word start), so a sentence cut in two is still whole in one of them.
 *
 * <p>A chunk's text is an exact slice of {@link ParsedDocument#text()} at {@link Chunk#start()}, without whitespace at
 * either end.
 */
public final class StructuredSplitter {
    public static final int DEFAULT_CHUNK_SIZE = 1_000;
    public static final int DEFAULT_OVERLAP = 150;

    private final int chunkSize;
    private final int overlap;

    public StructuredSplitter() {
        this(DEFAULT_CHUNK_SIZE, DEFAULT_OVERLAP);
    }

    /**
     * @param chunkSize the most characters a chunk has (at least 20)
     * @param overlap how many characters a chunk repeats of the one before; less than half of {@code chunkSize}
     */
    public StructuredSplitter(int chunkSize, int overlap) {
        if (chunkSize < 20) {
            throw new IllegalArgumentException("chunkSize must be at least 20, not " + chunkSize);
        }
        if (overlap < 0 || overlap >= chunkSize / 2) {
            throw new IllegalArgumentException("overlap must be from 0 to less than half of chunkSize, not " + overlap);
        }
        this.chunkSize = chunkSize;
        this.overlap = overlap;
    }

    public List<Chunk> split(ParsedDocument document) {
        List<Chunk> chunks = new ArrayList<>();
        int base = 0;
        for (Section section : document.sections()) {
            splitSection(section, base, chunks);
            base += section.text().length() + ParsedDocument.SECTION_SEPARATOR.length();
        }
        return List.copyOf(chunks);
    }

    private void splitSection(Section section, int base, List<Chunk> chunks) {
        String text = section.text();
        int from = skipSpaces(text, 0);
        while (from < text.length()) {
            int end = text.length() - from <= chunkSize ? text.length() : cutBefore(text, from, from + chunkSize);
            add(chunks, section, base, text, from, end);
            if (end >= text.length()) {
                return;
            }
            from = skipSpaces(text, nextStart(text, from, end));
        }
    }

    private static void add(List<Chunk> chunks, Section section, int base, String text, int from, int end) {
        int start = skipSpaces(text, from);
        int stop = end;
        while (stop > start && Character.isWhitespace(text.charAt(stop - 1))) {
            stop--;
        }
        if (stop > start) {
            chunks.add(new Chunk(
                    chunks.size(), text.substring(start, stop), section.page(), section.heading(), base + start));
        }
    }

    /**
     * Where to end a chunk that starts at {@code from} and may not reach past {@code limit}: just after the best
     * boundary in its second half, so no chunk comes out tiny.
     */
    private static int cutBefore(String text, int from, int limit) {
        int earliest = from + (limit - from) / 2;
        int cut = lastParagraphBreak(text, earliest, limit);
        if (cut < 0) {
            cut = lastSentenceEnd(text, earliest, limit);
        }
        if (cut < 0) {
            cut = lastAfter(text, earliest, limit, '\n');
        }
        if (cut < 0) {
            cut = lastSpace(text, earliest, limit);
        }
        if (cut < 0) {
            cut = limit;
            if (Character.isLowSurrogate(text.charAt(cut)) && Character.isHighSurrogate(text.charAt(cut - 1))) {
                cut--;
            }
        }
        return cut;
    }

    /** Where the chunk after {@code [from, end)} starts: about {@code overlap} before its end, at a word start. */
    private int nextStart(String text, int from, int end) {
        if (overlap == 0) {
            return end;
        }
        int target = Math.max(from + 1, end - overlap);
        for (int i = target; i < end; i++) {
            if (Character.isWhitespace(text.charAt(i - 1)) && !Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return end;
    }

    /** The position after the last blank line ("\n\n") that ends within {@code (earliest, limit]}, or -1. */
    private static int lastParagraphBreak(String text, int earliest, int limit) {
        int at = text.lastIndexOf("\n\n", limit - 2);
        return at >= 0 && at + 2 > earliest ? at + 2 : -1;
    }

    /** The position after the last '.', '!' or '?' that is followed by whitespace, within {@code (earliest, limit]}. */
    private static int lastSentenceEnd(String text, int earliest, int limit) {
        for (int i = Math.min(limit, text.length() - 1); i > earliest; i--) {
            char c = text.charAt(i - 1);
            if ((c == '.' || c == '!' || c == '?' || c == '…') && Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastAfter(String text, int earliest, int limit, char boundary) {
        int at = text.lastIndexOf(boundary, limit - 1);
        return at >= 0 && at + 1 > earliest ? at + 1 : -1;
    }

    private static int lastSpace(String text, int earliest, int limit) {
        for (int i = limit; i > earliest; i--) {
            if (Character.isWhitespace(text.charAt(i - 1))) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
