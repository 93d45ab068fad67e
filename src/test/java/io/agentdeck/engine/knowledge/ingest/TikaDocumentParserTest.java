package io.agentdeck.engine.knowledge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.XHTMLContentHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

class TikaDocumentParserTest {
    /** Loading Tika's parsers takes a moment, so the tests share one, as the application will. */
    private static final TikaDocumentParser PARSER = new TikaDocumentParser();

    private static final ParseLimits LIMITS = ParseLimits.DEFAULTS;

    @TempDir
    Path dir;

    // --- Structure kept ---

    @Test
    void aPdfGivesOneSectionPerPageWithItsPageNumber() throws Exception {
        Path file = SampleFiles.pdf(
                dir.resolve("report.pdf"),
                List.of("Revenue grew in the first quarter.", "Costs fell in the second.", "Outlook is stable."));

        ParsedDocument document = PARSER.parse(file, LIMITS);

        assertThat(document.mediaType()).isEqualTo("application/pdf");
        assertThat(document.sections())
                .extracting(Section::text, Section::page)
                .containsExactly(
                        tuple("Revenue grew in the first quarter.", Optional.of(1)),
                        tuple("Costs fell in the second.", Optional.of(2)),
                        tuple("Outlook is stable.", Optional.of(3)));
        assertThat(document.sections()).allSatisfy(s -> assertThat(s.heading()).isEmpty());
    }

    @Test
    void wordHeadingsBecomeTheHeadingOfTheTextBelowThem() throws Exception {
        Path file = SampleFiles.docx(
                dir.resolve("handbook.docx"),
                List.of(
                        "# Onboarding",
                        "New staff get a laptop on day one.",
                        "## Security",
                        "Passwords are changed every year.",
                        "Badges are worn at all times."));

        ParsedDocument document = PARSER.parse(file, LIMITS);

        assertThat(document.mediaType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(document.sections())
                .extracting(Section::text, Section::heading)
                .containsExactly(
                        tuple("Onboarding\n\nNew staff get a laptop on day one.", Optional.of("Onboarding")),
                        tuple(
                                "Security\n\nPasswords are changed every year.\n\nBadges are worn at all times.",
                                Optional.of("Security")));
        assertThat(document.sections()).allSatisfy(s -> assertThat(s.page()).isEmpty());
    }

    @Test
    void slidesAreNumberedAsPages() throws Exception {
        Path file = SampleFiles.pptx(
                dir.resolve("deck.pptx"), List.of("Welcome to the quarterly review", "Thank you and questions"));

        ParsedDocument document = PARSER.parse(file, LIMITS);

        assertThat(document.mediaType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.presentationml.presentation");
        assertThat(document.sections())
                .extracting(Section::text, Section::page)
                .containsExactly(
                        tuple("Welcome to the quarterly review", Optional.of(1)),
                        tuple("Thank you and questions", Optional.of(2)));
    }

    @Test
    void eachSheetIsHeadedByItsName() throws Exception {
        Path file = SampleFiles.xlsx(
                dir.resolve("budget.xlsx"),
                "Expenses",
                List.of("Rent", "Heating"),
                "Staff",
                List.of("Alice", "Engineer"));

        ParsedDocument document = PARSER.parse(file, LIMITS);

        assertThat(document.mediaType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(document.sections())
                .extracting(Section::text, Section::heading)
                .containsExactly(
                        tuple("Expenses\n\nRent\tHeating", Optional.of("Expenses")),
                        tuple("Staff\n\nAlice\tEngineer", Optional.of("Staff")));
    }

    @Test
    void htmlHeadingsSplitThePageAndScriptsAndTheTitleAreLeftOut() throws Exception {
        Path file = SampleFiles.text(dir.resolve("guide.html"), """
                <!DOCTYPE html>
                <html><head><title>Guide title</title><style>p { color: red; }</style></head>
                <body>
                <h1>Installing</h1><p>Download the installer.</p><p>Run it twice.</p>
                <script>alert('not text');</script>
                <h2>On <em>Linux</em></h2><ul><li>Unpack the archive</li><li>Run the script</li></ul>
                </body></html>""", StandardCharsets.UTF_8);

        ParsedDocument document = PARSER.parse(file, LIMITS);

        assertThat(document.mediaType()).isEqualTo("text/html");
        assertThat(document.sections())
                .extracting(Section::text, Section::heading)
                .containsExactly(
                        tuple("Installing\n\nDownload the installer.\n\nRun it twice.", Optional.of("Installing")),
                        tuple("On Linux\n\nUnpack the archive\nRun the script", Optional.of("On Linux")));
    }

    @Test
    void markdownHashHeadingsAreHeadingsButNotInsideCodeBlocks() throws Exception {
        Path file = SampleFiles.text(dir.resolve("notes.md"), """
                Some words before any heading.

                # Setup

                Install the tools:

                ```bash
                # this comment is code, not a heading
                make install
                ```

                ## Running `agentdeck`

                Start it from the menu.
                """, StandardCharsets.UTF_8);

        ParsedDocument document = PARSER.parse(file, LIMITS);

        assertThat(document.mediaType()).isEqualTo("text/markdown");
        assertThat(document.sections())
                .extracting(Section::heading)
                .containsExactly(Optional.empty(), Optional.of("Setup"), Optional.of("Running agentdeck"));
        assertThat(document.sections().get(0).text()).isEqualTo("Some words before any heading.");
        assertThat(document.sections().get(1).text()).startsWith("# Setup").contains("# this comment is code");
        assertThat(document.sections().get(2).text()).isEqualTo("## Running `agentdeck`\n\nStart it from the menu.");
    }

    @Test
    void latin1TextIsDecodedWithItsOwnCharset() throws Exception {
        String text = "Le café est très bon, déjà servi à la fenêtre. "
                + "Über den Wolken müssen wir frühstücken, sagt Jürgen.\n";
        Path file = SampleFiles.text(dir.resolve("letter.txt"), text, StandardCharsets.ISO_8859_1);

        ParsedDocument document = PARSER.parse(file, LIMITS);

        assertThat(document.mediaType()).isEqualTo("text/plain");
        assertThat(document.text()).isEqualTo(text.strip());
    }

    @Test
    void utf16WithAByteOrderMarkIsDecodedWithoutTheMark() throws Exception {
        Path file = SampleFiles.utf16WithBom(dir.resolve("notepad.txt"), "Grüße aus Köln – 東京にも.\r\nZweite Zeile.");

        ParsedDocument document = PARSER.parse(file, LIMITS);

        assertThat(document.text()).isEqualTo("Grüße aus Köln – 東京にも.\nZweite Zeile.");
    }

    @Test
    void sourceCodeIsReadAsPlainTextWithItsLinesKept() throws Exception {
        String code = """
                package demo;

                /** Says hello. */
                public class Hello {
                    public static void main(String[] args) {
                        System.out.println("Hello, knowledge base");
                    }
                }
                """;
        Path file = SampleFiles.text(dir.resolve("Hello.java"), code, StandardCharsets.UTF_8);

        ParsedDocument document = PARSER.parse(file, LIMITS);

        assertThat(document.mediaType()).isEqualTo("text/x-java-source");
        assertThat(document.sections()).hasSize(1);
        assertThat(document.text()).isEqualTo(code.strip());
    }

    // --- Limits ---

    @Test
    void aFileLargerThanTheLimitIsRefusedWithoutBeingRead() throws Exception {
        Path file = SampleFiles.sparse(dir.resolve("huge.pdf"), 2L * 1024 * 1024 * 1024);

        assertRejected(file, LIMITS, "The file is 2 GB, larger than the limit of 200 MB, so it was not read");
    }

    @Test
    void moreTextThanTheLimitIsRefused() throws Exception {
        Path file = SampleFiles.text(dir.resolve("long.txt"), "word ".repeat(1_000), StandardCharsets.UTF_8);
        ParseLimits limits = new ParseLimits(LIMITS.maxFileBytes(), 1_000, LIMITS.timeout());

        assertRejected(
                file, limits, "The document has more text than the limit of 1,000 characters, so it was not indexed");
    }

    @Test
    void aZipBombIsStopped() throws Exception {
        Path file = SampleFiles.zipBomb(dir.resolve("archive.zip"), "notes.txt", 20L * 1024 * 1024);
        assertThat(Files.size(file)).isLessThan(100_000);

        assertRejected(
                file,
                LIMITS,
                "The file unpacks to far more data than its size (it looks like a zip bomb), so it" + " was not read");
    }

    @Test
    void aWordDocumentThatIsAZipBombIsStopped() throws Exception {
        Path file = SampleFiles.docxBomb(dir.resolve("bomb.docx"), 20L * 1024 * 1024);
        assertThat(Files.size(file)).isLessThan(100_000);

        assertRejected(
                file,
                LIMITS,
                "The file unpacks to far more data than its size (it looks like a zip bomb), so it" + " was not read");
    }

    @Test
    void aCompressedFileThatUnpacksFarPastItsSizeIsStoppedWhileItStreams() throws Exception {
        // No directory of sizes to look at here: Tika's count of the characters it emits stops this one.
        Path file = SampleFiles.gzipBomb(dir.resolve("notes.txt.gz"), 20L * 1024 * 1024);
        assertThat(Files.size(file)).isLessThan(100_000);

        assertRejected(
                file,
                LIMITS,
                "The file unpacks to far more data than its size (it looks like a zip bomb), so it" + " was not read");
    }

    @Test
    void aPageNestedPastTikasDepthLimitIsRefusedAsSuch() throws Exception {
        String html =
                "<html><body>" + "<ul><li>".repeat(150) + "Deep text" + "</li></ul>".repeat(150) + "</body></html>";
        Path file = SampleFiles.text(dir.resolve("deep.html"), html, StandardCharsets.UTF_8);

        assertRejected(file, LIMITS, "The document is nested too deeply to read safely (over 100 levels)");
    }

    @Test
    void aParseThatRunsOverTheTimeoutIsStoppedAndItsThreadEnds() throws Exception {
        Path file = SampleFiles.text(dir.resolve("slow.txt"), "Some text", StandardCharsets.UTF_8);
        ParseLimits limits = new ParseLimits(LIMITS.maxFileBytes(), LIMITS.maxCharacters(), Duration.ofMillis(200));

        // One parser keeps emitting elements and never finishes; the other sleeps, as one blocked on I/O would.
        Parser busy = new FakeParser((xhtml, in) -> {
            while (true) {
                xhtml.startElement("p");
                xhtml.endElement("p");
            }
        });
        Parser sleeping = new FakeParser((xhtml, in) -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw new IOException("interrupted", e);
            }
        });
        for (Parser parser : List.of(busy, sleeping)) {
            assertThatThrownBy(() -> new TikaDocumentParser(parser).parse(file, limits))
                    .isInstanceOf(DocumentRejected.class)
                    .hasMessage("Reading the document took longer than the limit of 200 ms, so it was stopped");
        }
        assertThat(parserThreads()).isEmpty();
    }

    @Test
    void theRealParsersStopAtTheTimeoutToo() throws Exception {
        Path file = SampleFiles.pdf(dir.resolve("any.pdf"), List.of("One page."));
        ParseLimits limits = new ParseLimits(LIMITS.maxFileBytes(), LIMITS.maxCharacters(), Duration.ofNanos(1));
        // The parsers are built by the first document; build them now, so that the limit times the parse alone
        // whichever test runs first.
        PARSER.parse(file, LIMITS);

        assertThatThrownBy(() -> PARSER.parse(file, limits))
                .isInstanceOf(DocumentRejected.class)
                .hasMessageStartingWith("Reading the document took longer than the limit of 0 ms");
        assertThat(parserThreads()).isEmpty();
    }

    // --- Bad input ---

    @Test
    void aPasswordProtectedPdfIsRefused() throws Exception {
        Path file = SampleFiles.encryptedPdf(dir.resolve("secret.pdf"));

        assertRejected(file, LIMITS, "The PDF is password-protected: remove the password and add it again");
    }

    @Test
    void aTruncatedPdfCouldNotBeRead() throws Exception {
        Path whole = SampleFiles.pdf(dir.resolve("whole.pdf"), List.of("Page one.", "Page two.", "Page three."));
        Path file = SampleFiles.truncated(whole, dir.resolve("cut.pdf"), 400);

        assertRejected(file, LIMITS, "The PDF could not be read: it may be damaged or incomplete");
    }

    @Test
    void randomBytesNamedTxtAreNotText() throws Exception {
        for (long seed = 1; seed <= 10; seed++) {
            Path file = SampleFiles.randomBytes(dir.resolve("junk" + seed + ".txt"), 4096, seed);

            assertRejected(file, LIMITS, "The file is not text: its content looks like binary data");
        }
    }

    @Test
    void aMissingFileIsNoLongerThere() throws Exception {
        Path file = SampleFiles.text(dir.resolve("gone.txt"), "Soon deleted.", StandardCharsets.UTF_8);
        Files.delete(file);

        assertRejected(file, LIMITS, "The file is no longer there: it was moved or deleted");
    }

    @Test
    void aFileDeletedWhileItIsReadIsNoLongerThere() throws Exception {
        Path file = SampleFiles.text(dir.resolve("going.txt"), "Deleted while read.", StandardCharsets.UTF_8);
        Parser deleting = new FakeParser((xhtml, in) -> {
            Files.delete(file);
            xhtml.element("p", "Deleted while read.");
        });

        assertThatThrownBy(() -> new TikaDocumentParser(deleting).parse(file, LIMITS))
                .isInstanceOf(DocumentRejected.class)
                .hasMessage("The file is no longer there: it was moved or deleted");
    }

    @Test
    void emptyFilesAndDocumentsWithoutTextAreRefused() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        Path blank = SampleFiles.pdf(dir.resolve("blank.pdf"), List.of(""));
        Path spaces = SampleFiles.text(
                dir.resolve("spaces.html"), "<html><body><p>  </p></body></html>", StandardCharsets.UTF_8);

        assertRejected(empty, LIMITS, "The file is empty");
        assertRejected(
                blank,
                LIMITS,
                "The PDF has no text to index (scanned pages are images, and AgentDeck does not read text in images)");
        assertRejected(spaces, LIMITS, "The web page has no text to index");
    }

    @Test
    void aFolderIsNotAFile() {
        assertRejected(dir, LIMITS, "This is not a file (it may be a folder)");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new ParseLimits(0, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParseLimits(1, 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParseLimits(1, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRejected(Path file, ParseLimits limits, String reason) {
        assertThatThrownBy(() -> PARSER.parse(file, limits))
                .isInstanceOf(DocumentRejected.class)
                .hasMessage(reason);
    }

    private static List<String> parserThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("document-parser-"))
                .toList();
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    /** What a fake parser does with the XHTML it writes and the file's bytes. */
    @FunctionalInterface
    private interface Body {
        void write(XHTMLContentHandler xhtml, InputStream in) throws IOException, SAXException;
    }

    /** A stand-in for one of Tika's parsers, for behaviour no real file provokes on demand. */
    private record FakeParser(Body body) implements Parser {
        private static final long serialVersionUID = 1L;

        @Override
        public Set<MediaType> getSupportedTypes(ParseContext context) {
            return Set.of(MediaType.TEXT_PLAIN);
        }

        @Override
        public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
                throws IOException, SAXException {
            metadata.set(Metadata.CONTENT_TYPE, "text/plain");
            XHTMLContentHandler xhtml = new XHTMLContentHandler(handler, metadata);
            xhtml.startDocument();
            body.write(xhtml, stream);
            xhtml.endDocument();
        }
    }
}
