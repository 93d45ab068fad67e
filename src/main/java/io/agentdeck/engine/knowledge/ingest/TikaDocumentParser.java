package io.agentdeck.engine.knowledge.ingest;

import io.agentdeck.engine.Lazy;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.tika.config.ServiceLoader;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.DefaultParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.code.SourceCodeParser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads files with Apache Tika (ADR 15): the format is detected from the content (the name only breaks ties), the text
 * arrives as XHTML events, and {@link SectionCollector} turns those into sections with their page and heading.
 *
 * <p>Each parse runs on its own thread so that it can be given up after {@link ParseLimits#timeout()}: the thread is
 * then told to stop (every event it emits checks a flag, and it is interrupted) and normally ends at once. A parser
 * stuck in a loop that emits nothing and ignores interrupts cannot be stopped in-process; its thread is a daemon and
 * is logged.
 *
 * <p>Tika's parsers (with POI, PDFBox and Bouncy Castle, about 1,500 classes) are loaded by the first document, not
 * when this is created: most starts read no document, and what a start loads also sits in the AOT cache and in memory.
 * Create one and share it: it is safe to use from many threads at once.
 */
public final class TikaDocumentParser implements DocumentParser {
    private static final Logger LOG = LoggerFactory.getLogger(TikaDocumentParser.class);
    private static final String UNKNOWN_TYPE = "application/octet-stream";
    /** How long a timed-out parse gets to notice that it should stop before the caller moves on without it. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** PDFBox keeps this much of a PDF's streams in memory and the rest in a scratch file. */
    private static final long PDF_MEMORY_BYTES = 64L * 1024 * 1024;

    private static final AtomicLong THREADS = new AtomicLong();

    private final Supplier<Parser> parser;

    public TikaDocumentParser() {
        this.parser = Lazy.of(TikaDocumentParser::standardParser);
    }

    /** A parser over {@code parser} instead of Tika's full set; tests use it for parsers that misbehave. */
    TikaDocumentParser(Parser parser) {
        this.parser = () -> parser;
    }

    /**
     * Tika's standard parsers, less its source-code parser: that one renders code as highlighted HTML and reads the
     * whole file into memory, while code read as plain text keeps its lines and its charset detection.
     */
    private static Parser standardParser() {
        return new AutoDetectParser(new DefaultParser(
                MediaTypeRegistry.getDefaultRegistry(), new ServiceLoader(), List.of(SourceCodeParser.class)));
    }

    @Override
    public ParsedDocument parse(Path file, ParseLimits limits) throws DocumentRejected {
        checkFile(file, limits);
        AtomicBoolean stop = new AtomicBoolean();
        FutureTask<ParsedDocument> task = new FutureTask<>(() -> read(file, limits, stop));
        long started = System.nanoTime();
        Thread worker = Thread.ofPlatform()
                .name("document-parser-" + THREADS.incrementAndGet())
                .daemon()
                .start(task);
        try {
            ParsedDocument parsed = task.get(limits.timeout().toNanos(), TimeUnit.NANOSECONDS);
            // A busy machine can run the whole parse before this thread even starts waiting: the limit is on the
            // parse's time, not on how long this thread happened to wait.
            if (System.nanoTime() - started > limits.timeout().toNanos()) {
                worker.join(); // It has just handed over its result.
                throw Rejections.timedOut(limits.timeout());
            }
            return parsed;
        } catch (TimeoutException e) {
            stopAndWait(worker, stop, file);
            throw Rejections.timedOut(limits.timeout());
        } catch (InterruptedException e) {
            stopAndWait(worker, stop, file);
            Thread.currentThread().interrupt();
            throw new CancellationException("Reading " + file.getFileName() + " was cancelled");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DocumentRejected rejected) {
                throw rejected;
            }
            LOG.warn("Could not read {}", file, e.getCause());
            throw Rejections.forFailure(e.getCause(), UNKNOWN_TYPE, limits.maxCharacters());
        }
    }

    /** Refuses what cannot be read before anything is opened: a missing file, a folder, an empty or too large file. */
    private static void checkFile(Path file, ParseLimits limits) throws DocumentRejected {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw Rejections.gone();
        } catch (AccessDeniedException e) {
            throw Rejections.notAllowed();
        } catch (IOException e) {
            throw Rejections.damaged(UNKNOWN_TYPE);
        }
        if (!attributes.isRegularFile()) {
            throw Rejections.notAFile();
        }
        if (attributes.size() > limits.maxFileBytes()) {
            throw Rejections.tooLarge(attributes.size(), limits.maxFileBytes());
        }
        if (attributes.size() == 0) {
            throw Rejections.empty();
        }
    }

    /** The parse itself, on the worker thread. */
    private ParsedDocument read(Path file, ParseLimits limits, AtomicBoolean stop) throws DocumentRejected {
        Metadata metadata = new Metadata();
        SectionCollector collector = new SectionCollector(limits.maxCharacters(), stop::get);
        if (ZipBombCheck.looksLikeBomb(file)) {
            throw Rejections.zipBomb();
        }
        try (TikaInputStream input = TikaInputStream.get(file, metadata)) {
            Parser tika = parser.get();
            tika.parse(input, collector, metadata, contextFor(tika));
        } catch (Exception | StackOverflowError | OutOfMemoryError | LinkageError e) {
            String mediaType = mediaTypeOf(metadata);
            if (stop.get()) {
                throw Rejections.timedOut(limits.timeout());
            }
            if (collector.limitReached()) {
                throw Rejections.tooMuchText(limits.maxCharacters());
            }
            LOG.info("Could not read {} ({}): {}", file, mediaType, e.toString());
            LOG.debug("Why {} could not be read", file, e);
            throw Rejections.forFailure(e, mediaType, limits.maxCharacters());
        }
        if (stop.get()) {
            throw Rejections.timedOut(limits.timeout());
        }
        if (!Files.exists(file)) {
            throw Rejections.gone();
        }
        String mediaType = mediaTypeOf(metadata);
        List<Section> sections = collector.sections();
        if (MarkdownHeadings.isMarkdown(mediaType)) {
            sections = MarkdownHeadings.split(sections);
        }
        if (sections.isEmpty()) {
            throw Rejections.noText(mediaType);
        }
        if (!ReadableText.isReadable(sections)) {
            throw mediaType.startsWith("text/") ? Rejections.notText() : Rejections.unreadableText(mediaType);
        }
        return new ParsedDocument(mediaType, sections);
    }

    /**
     * Settings for one parse. OCR is off (slow, and usually not installed); bookmarks, slide masters and page headers
     * are off because they repeat text found elsewhere; Word and PowerPoint files are streamed rather than loaded whole,
     * and PDFBox spills to a scratch file past {@link #PDF_MEMORY_BYTES}, which keeps memory bounded.
     */
    private static ParseContext contextFor(Parser parser) {
        ParseContext context = new ParseContext();
        context.set(Parser.class, parser);

        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setExtractBookmarksText(false);
        pdf.setMaxMainMemoryBytes(PDF_MEMORY_BYTES);
        context.set(PDFParserConfig.class, pdf);

        OfficeParserConfig office = new OfficeParserConfig();
        office.setUseSAXDocxExtractor(true);
        office.setUseSAXPptxExtractor(true);
        office.setIncludeSlideMasterContent(false);
        office.setIncludeHeadersAndFooters(false);
        context.set(OfficeParserConfig.class, office);

        TesseractOCRConfig ocr = new TesseractOCRConfig();
        ocr.setSkipOcr(true);
        context.set(TesseractOCRConfig.class, ocr);
        return context;
    }

    private static String mediaTypeOf(Metadata metadata) {
        String contentType = metadata.get(Metadata.CONTENT_TYPE);
        MediaType type = contentType == null ? null : MediaType.parse(contentType);
        return type == null ? UNKNOWN_TYPE : type.getBaseType().toString();
    }

    private static void stopAndWait(Thread worker, AtomicBoolean stop, Path file) {
        stop.set(true);
        worker.interrupt();
        try {
            worker.join(STOP_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            LOG.warn("The parser of {} did not stop in time; its thread {} ends when the parser does", file, worker);
        }
    }
}
