package io.agentdeck.engine.knowledge;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.knowledge.index.IndexedPassage;
import io.agentdeck.engine.knowledge.index.PassageIndex;
import io.agentdeck.engine.knowledge.ingest.Chunk;
import io.agentdeck.engine.knowledge.ingest.DocumentParser;
import io.agentdeck.engine.knowledge.ingest.DocumentRejected;
import io.agentdeck.engine.knowledge.ingest.ParseLimits;
import io.agentdeck.engine.knowledge.ingest.ParsedDocument;
import io.agentdeck.engine.store.KnowledgeStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes one document: reads the file (within the limits), splits the text with its pages and headings, embeds the
 * passages in batches (reporting progress), stores them with their vectors in one transaction — the store of record —
 * and adds them to the index. A file that cannot be read fails this document alone, with the reason.
 */
public final class DocumentIngestion {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentIngestion.class);
    /** Passages embedded per call: progress stays fine-grained and memory bounded. */
    static final int EMBED_BATCH = 32;

    private final KnowledgeStore store;
    private final PassageIndex index;
    private final DocumentParser parser;
    private final Function<ParsedDocument, List<Chunk>> splitter;
    private final Embeddings embeddings;
    private final ParseLimits limits;
    private final EventBus events;
    private final Clock clock;

    public DocumentIngestion(
            KnowledgeStore store,
            PassageIndex index,
            DocumentParser parser,
            Function<ParsedDocument, List<Chunk>> splitter,
            Embeddings embeddings,
            ParseLimits limits,
            EventBus events,
            Clock clock) {
        this.store = store;
        this.index = index;
        this.parser = parser;
        this.splitter = splitter;
        this.embeddings = embeddings;
        this.limits = limits;
        this.events = events;
        this.clock = clock;
    }

    /** Indexes the document if it is still there; any failure is recorded on the document, never thrown. */
    public void ingest(long documentId) {
        Optional<KnowledgeDocument> found = store.document(documentId);
        if (found.isEmpty()) {
            return; // deleted while it waited
        }
        KnowledgeDocument document = found.get();
        // Opened before this document's passages change in the database, so that an index opened on first use is
        // compared with the database as it was, not half-way through this change (PassageIndex.open).
        index.open();
        try {
            index(store.setStatus(documentId, DocumentStatus.INDEXING, Optional.empty(), clock.instant()));
        } catch (DocumentRejected e) {
            fail(document, e.getMessage());
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                index.deleteDocument(documentId); // deleted while it was read: nothing of it may stay
                return;
            }
            fail(document, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Could not index document {} ({})", documentId, document.name(), e);
            fail(document, "The document could not be indexed: " + e.getClass().getSimpleName() + ".");
        }
    }

    private void index(KnowledgeDocument document) throws DocumentRejected {
        progress(document, DocumentStatus.INDEXING, 0, 0, Optional.empty());
        Path file = Path.of(
                document.sourcePath().orElseThrow(() -> new DocumentRejected("The document has no file to read.")));
        ParsedDocument parsed = parser.parse(file, limits);
        List<Chunk> chunks = splitter.apply(parsed);
        if (chunks.isEmpty()) {
            throw new DocumentRejected("The document has no text to index.");
        }
        List<float[]> vectors = new ArrayList<>(chunks.size());
        for (int from = 0; from < chunks.size(); from += EMBED_BATCH) {
            List<Chunk> batch = chunks.subList(from, Math.min(chunks.size(), from + EMBED_BATCH));
            vectors.addAll(embeddings.embedAll(batch.stream().map(Chunk::text).toList()));
            progress(document, DocumentStatus.INDEXING, vectors.size(), chunks.size(), Optional.empty());
            if (store.document(document.id()).isEmpty()) {
                return; // deleted while it was embedded
            }
        }
        List<Long> ids = store.storePassages(document.id(), parsed.mediaType(), chunks, vectors, clock.instant());
        List<IndexedPassage> indexed = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            indexed.add(new IndexedPassage(
                    ids.get(i),
                    document.id(),
                    document.collectionId(),
                    chunks.get(i).text(),
                    vectors.get(i)));
        }
        index.replaceDocument(document.id(), indexed);
        try {
            // Ready only now: what a ready document says is what a search finds.
            store.setStatus(document.id(), DocumentStatus.READY, Optional.empty(), clock.instant());
        } catch (EngineException e) {
            index.deleteDocument(document.id()); // deleted between storing and indexing
            return;
        }
        progress(document, DocumentStatus.READY, chunks.size(), chunks.size(), Optional.empty());
        LOG.info("Knowledge: indexed {} ({} passages)", document.name(), chunks.size());
    }

    private void fail(KnowledgeDocument document, String reason) {
        try {
            store.setStatus(document.id(), DocumentStatus.FAILED, Optional.of(reason), clock.instant());
        } catch (EngineException e) {
            return; // deleted meanwhile
        }
        index.deleteDocument(document.id());
        progress(document, DocumentStatus.FAILED, 0, 0, Optional.of(reason));
        LOG.info("Knowledge: {} was not indexed: {}", document.name(), reason);
    }

    void progress(KnowledgeDocument document, DocumentStatus status, int done, int total, Optional<String> error) {
        events.publish(new EngineEvent.KnowledgeProgress(
                document.collectionId(), document.id(), document.name(), status, done, total, error, clock.instant()));
    }
}
