package io.agentdeck.engine.knowledge.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.tika.exception.WriteLimitReachedException;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Builds {@link Section}s from the XHTML events Tika's parsers emit, so page and heading survive extraction: a
 * {@code <div class="page">} (PDF) or {@code <div class="slide-content">} (PPTX) starts the next page, and an
 * {@code h1}–{@code h6} (HTML, DOCX headings, XLSX sheet names) becomes the heading of the text after it. Block
 * elements become line and paragraph breaks, so the splitter can find paragraphs again.
 *
 * <p>It also enforces the character limit while the text arrives (Tika's own {@link WriteLimitReachedException}, which
 * its parsers pass through instead of swallowing) and stops the parse when {@code stopped} says so: every event checks
 * it, which is how a timed-out parse ends even when its parser ignores interrupts.
 */
final class SectionCollector extends DefaultHandler {
    private static final Set<String> PARAGRAPHS = Set.of(
            "p",
            "div",
            "table",
            "ul",
            "ol",
            "dl",
            "pre",
            "blockquote",
            "section",
            "article",
            "header",
            "footer",
            "address",
            "figure",
            "hr",
            "form",
            "fieldset",
            "nav",
            "aside",
            "main");
    private static final Set<String> LINES = Set.of("br", "li", "tr", "dt", "dd", "caption");
    private static final Set<String> CELLS = Set.of("td", "th");
    private static final Set<String> PAGES = Set.of("page", "slide-content");
    // Where Tika puts an embedded document (an attachment, a zip entry, a picture in a DOCX): its own pages are not
    // the container's pages.
    private static final Set<String> EMBEDDED = Set.of("package-entry", "embedded");

    private final long maxCharacters;
    private final BooleanSupplier stopped;
    private final List<Section> sections = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder headingText = new StringBuilder();
    private final Deque<Boolean> openDivs = new ArrayDeque<>();
    private int bodyDepth;
    private int embeddedDepth;
    private int headingDepth;
    private int pages;
    private Optional<Integer> page = Optional.empty();
    private Optional<String> heading = Optional.empty();
    private long characters;
    private boolean limitReached;
    private boolean lastWasCarriageReturn;

    SectionCollector(long maxCharacters, BooleanSupplier stopped) {
        this.maxCharacters = maxCharacters;
        this.stopped = stopped;
    }

    /** The sections read so far, the text still open included. */
    List<Section> sections() {
        flush();
        return List.copyOf(sections);
    }

    boolean limitReached() {
        return limitReached;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
        checkStopped();
        String name = nameOf(localName, qName);
        if (name.equals("body")) {
            bodyDepth++;
            return;
        }
        if (bodyDepth == 0) {
            return;
        }
        if (name.equals("div")) {
            String cssClass = attributes.getValue("class");
            boolean embedded = cssClass != null && EMBEDDED.contains(cssClass);
            openDivs.push(embedded);
            if (embedded) {
                embeddedDepth++;
            } else if (cssClass != null && PAGES.contains(cssClass) && embeddedDepth == 0) {
                flush();
                page = Optional.of(++pages);
            }
        }
        if (headingLevel(name) > 0) {
            flush();
            headingDepth++;
            headingText.setLength(0);
        } else if (PARAGRAPHS.contains(name)) {
            breakLine(2);
        } else if (LINES.contains(name)) {
            breakLine(1);
        } else if (CELLS.contains(name) && !text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
            text.append('\t');
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        checkStopped();
        String name = nameOf(localName, qName);
        if (name.equals("body")) {
            bodyDepth = Math.max(0, bodyDepth - 1);
            return;
        }
        if (bodyDepth == 0) {
            return;
        }
        if (name.equals("div") && !openDivs.isEmpty() && openDivs.pop()) {
            embeddedDepth--;
        }
        if (headingLevel(name) > 0 && headingDepth > 0) {
            headingDepth--;
            String title = collapseSpaces(headingText);
            if (!title.isEmpty()) {
                heading = Optional.of(title);
            }
            breakLine(2);
        } else if (PARAGRAPHS.contains(name)) {
            breakLine(2);
        } else if (LINES.contains(name) && !name.equals("br")) {
            breakLine(1);
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        checkStopped();
        if (bodyDepth == 0 || length == 0) {
            return;
        }
        characters += length;
        if (characters > maxCharacters) {
            limitReached = true;
            throw new WriteLimitReachedException((int) Math.min(maxCharacters, Integer.MAX_VALUE));
        }
        for (int i = start; i < start + length; i++) {
            append(ch[i]);
        }
    }

    // Tika writes indentation and newlines between elements as ignorable whitespace; the block elements above already
    // give the text its breaks.
    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        checkStopped();
    }

    private void append(char c) {
        // Windows and old Mac line ends become one '\n', so the splitter sees one kind of break.
        if (c == '\r') {
            text.append('\n');
            lastWasCarriageReturn = true;
            return;
        }
        if (c == '\n' && lastWasCarriageReturn) {
            lastWasCarriageReturn = false;
            return;
        }
        lastWasCarriageReturn = false;
        text.append(c);
        if (headingDepth > 0) {
            headingText.append(c);
        }
    }

    private void breakLine(int newlines) {
        lastWasCarriageReturn = false;
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        text.setLength(end);
        if (text.isEmpty()) {
            return;
        }
        int present = 0;
        while (present < end && text.charAt(end - 1 - present) == '\n') {
            present++;
        }
        text.append("\n".repeat(Math.max(0, newlines - present)));
    }

    private void flush() {
        String content = text.toString().strip();
        text.setLength(0);
        lastWasCarriageReturn = false;
        if (!content.isEmpty()) {
            sections.add(new Section(content, page, heading));
        }
    }

    private void checkStopped() throws SAXException {
        if (stopped.getAsBoolean()) {
            throw new ParseStopped();
        }
    }

    private static String nameOf(String localName, String qName) {
        return localName == null || localName.isEmpty() ? qName : localName;
    }

    private static int headingLevel(String name) {
        if (name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6') {
            return name.charAt(1) - '0';
        }
        return 0;
    }

    static String collapseSpaces(CharSequence text) {
        return text.toString().strip().replaceAll("\\s+", " ");
    }

    /** Thrown into the parser to end a parse that has run out of time. */
    static final class ParseStopped extends SAXException {
        private static final long serialVersionUID = 1L;

        ParseStopped() {
            super("The parse was stopped");
        }
    }
}
