package io.agentdeck.engine;

import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.knowledge.DocumentIngestion;
import io.agentdeck.engine.knowledge.DocumentStatus;
import io.agentdeck.engine.knowledge.GuidePack;
import io.agentdeck.engine.knowledge.HybridRetriever;
import io.agentdeck.engine.knowledge.KnowledgeCollection;
import io.agentdeck.engine.knowledge.KnowledgeDocument;
import io.agentdeck.engine.knowledge.KnowledgeStats;
import io.agentdeck.engine.knowledge.NewDocument;
import io.agentdeck.engine.knowledge.Passage;
import io.agentdeck.engine.knowledge.StoredPassage;
import io.agentdeck.engine.knowledge.index.IndexedPassage;
import io.agentdeck.engine.knowledge.index.PassageIndex;
import io.agentdeck.engine.knowledge.ingest.ParseLimits;
import io.agentdeck.engine.store.KnowledgeStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge base area: collections, documents added from files, folders or uploads, indexed in the background by
 * a small pool of its own (so chat never waits for it), hybrid search, and which collections each agent reads. The
 * database is the store of record; the index is derived from it, opened on first use, and rebuilt when it opens if it
 * is missing or stale (before anything changes the database's passages, which opens it first).
 */
public final class KnowledgeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeService.class);
    /** A folder added at once brings at most this many files; more is refused with the reason. */
    public static final int MAX_FOLDER_FILES = 10_000;

    private static final Set<String> INDEXED_EXTENSIONS = Set.of(
            "pdf",
            "docx",
            "doc",
            "pptx",
            "ppt",
            "xlsx",
            "xls",
            "odt",
            "odp",
            "ods",
            "rtf",
            "epub",
            "html",
            "htm",
            "xhtml",
            "md",
            "markdown",
            "txt",
            "text",
            "rst",
            "adoc",
            "csv",
            "tsv",
            "json",
            "xml",
            "yaml",
            "yml",
            "toml",
            "ini",
            "properties",
            "java",
            "kt",
            "scala",
            "groovy",
            "py",
            "js",
            "mjs",
            "ts",
            "tsx",
            "jsx",
            "go",
            "rs",
            "c",
            "h",
            "cpp",
            "hpp",
            "cc",
            "cs",
            "rb",
            "php",
            "swift",
            "sh",
            "bash",
            "ps1",
            "sql",
            "r",
            "lua",
            "pl",
            "tex",
            "css",
            "scss",
            "vue",
            "svelte",
            "dart",
            "ex",
            "exs",
            "erl",
            "hs",
            "clj",
            "gradle");
    private static final Set<String> SKIPPED_FOLDERS =
            Set.of("node_modules", "target", "build", "dist", "__pycache__", "venv", ".venv");

    /** The ready documents this node's index holds, with their last update; see {@link #followStore()}. */
    private Map<Long, Instant> followed;

    private final InitializationGate gate;
    private final KnowledgeStore store;
    private final PassageIndex index;
    private final DocumentIngestion ingestion;
    private final HybridRetriever retriever;
    private final Path filesDir;
    private final ParseLimits limits;
    private final EventBus events;
    private final Clock clock;
    private final ExecutorService workers;

    /**
     * @param filesDir where uploads and AgentDeck's guide are kept as files
     * @param workers how many documents are indexed at once
     */
    public KnowledgeService(
            InitializationGate gate,
            KnowledgeStore store,
            PassageIndex index,
            DocumentIngestion ingestion,
            HybridRetriever retriever,
            Path filesDir,
            ParseLimits limits,
            EventBus events,
            Clock clock,
            int workers) {
        this.gate = gate;
        this.store = store;
        this.index = index;
        this.ingestion = ingestion;
        this.retriever = retriever;
        this.filesDir = filesDir;
        this.limits = limits;
        this.events = events;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(
                workers, Thread.ofPlatform().daemon().name("knowledge-", 1).factory());
    }

    /**
     * At engine start: has a missing or stale index rebuilt from the database when it opens (nothing is embedded
     * again), adds or refreshes AgentDeck's guide in General, and queues again what was waiting or being indexed when AgentDeck stopped.
     */
    public void start() {
        index.whenOpened(this::bringUpToDate);
        for (DocumentStatus unfinished : List.of(DocumentStatus.INDEXING, DocumentStatus.QUEUED)) {
            store.documentsWith(unfinished).forEach(document -> submit(document.id()));
        }
        // Indexed before start returns (the first time, or after an update of the guide): agents can cite it at once.
        long general = requireGeneral().id();
        for (Path file : new GuidePack().writeTo(filesDir.resolve("guide"))) {
            addFile(general, file, Indexing.NOW);
        }
    }

    /** Rebuilds an index that lost passages or holds some the database no longer has (nothing is embedded again). */
    private void bringUpToDate(PassageIndex opened) {
        long stored = store.passageCount();
        long indexed = opened.size();
        if (indexed != stored) {
            long started = System.nanoTime();
            LOG.info("Knowledge index holds {} passages, the database {}: rebuilding it", indexed, stored);
            opened.rebuild(new PassageIterator(store));
            LOG.info("Knowledge index rebuilt in {} ms", (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * With several nodes on one database: brings this node's index up to what the database holds, for documents added,
     * changed or removed on other nodes. Each ready document is known here with the time it was last updated; a new
     * or newer one has its passages (already embedded) read and indexed, one no longer ready is taken out until it is
     * ready again. Indexing a passage twice is harmless, so this node's own documents may be read once more.
     */
    public synchronized void followStore() {
        if (followed == null) {
            // An index opened on first use is opened (and checked against the database) before the first look, so
            // that the look never takes for indexed what changed before the index opened.
            index.open();
        }
        Map<Long, Instant> ready = new HashMap<>();
        for (KnowledgeDocument document : store.documentsWith(DocumentStatus.READY)) {
            ready.put(document.id(), document.updatedAt());
        }
        if (followed == null) {
            // The first look: the index was checked against the database when it opened (above), so it holds these.
            followed = ready;
            return;
        }
        for (Map.Entry<Long, Instant> document : ready.entrySet()) {
            if (!document.getValue().equals(followed.get(document.getKey()))) {
                // Also documents this node indexed itself: replaced in one step, so its searches never miss them.
                index.replaceDocument(document.getKey(), store.indexedPassagesOf(document.getKey()));
            }
        }
        for (Long gone : followed.keySet()) {
            if (!ready.containsKey(gone)) {
                index.deleteDocument(gone);
            }
        }
        followed = ready;
    }

    public KnowledgeStats stats() {
        List<KnowledgeDocument> all = store.collections().stream()
                .flatMap(collection -> store.documents(collection.id()).stream())
                .toList();
        return new KnowledgeStats(
                all.size(), all.stream().mapToInt(KnowledgeDocument::chunks).sum());
    }

    // Collections

    public List<KnowledgeCollection> collections() {
        gate.require();
        return store.collections();
    }

    public KnowledgeCollection collection(long id) {
        gate.require();
        return store.collection(id).orElseThrow(() -> EngineException.notFound("No collection with id " + id + "."));
    }

    public KnowledgeCollection createCollection(String name, String description) {
        gate.require();
        if (name == null || name.isBlank()) {
            throw EngineException.invalid("'name' must not be empty.");
        }
        String valid = name.strip();
        if (valid.length() > 200) {
            throw EngineException.invalid("'name' must be at most 200 characters.");
        }
        String about = description == null ? "" : description.strip();
        if (about.length() > 2_000) {
            throw EngineException.invalid("'description' must be at most 2000 characters.");
        }
        return store.createCollection(valid, about, clock.instant());
    }

    /** Deletes a collection with its documents; General stays. */
    public void deleteCollection(long id) {
        KnowledgeCollection collection = collection(id);
        if (collection.name().equals(KnowledgeCollection.GENERAL)) {
            throw new EngineException(ErrorKind.CONFLICT, "The General collection cannot be deleted.");
        }
        List<KnowledgeDocument> documents = store.documents(id);
        index.open(); // before the database changes (PassageIndex.open)
        store.deleteCollection(id);
        documents.forEach(document -> forget(document));
    }

    // Documents

    /** How many documents each collection holds, counted by the database; a collection without any is left out. */
    public Map<Long, Integer> documentCounts() {
        gate.require();
        return store.documentCounts();
    }

    public List<KnowledgeDocument> documents(long collectionId) {
        collection(collectionId);
        return store.documents(collectionId);
    }

    public KnowledgeDocument document(long id) {
        gate.require();
        return store.document(id).orElseThrow(() -> EngineException.notFound("No document with id " + id + "."));
    }

    /**
     * Adds a file, or every file of a folder and its subfolders that AgentDeck can read (hidden files and folders,
     * and build output such as {@code node_modules}, are left out). Files already there are checked for changes; a
     * file whose content is already in the collection is not indexed twice.
     */
    public List<KnowledgeDocument> addPath(long collectionId, Path path) {
        collection(collectionId);
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            List<Path> files = filesIn(absolute);
            List<KnowledgeDocument> added = new ArrayList<>(files.size());
            files.forEach(file -> added.add(addFile(collectionId, file)));
            return added;
        }
        if (!Files.isRegularFile(absolute)) {
            throw EngineException.invalid("There is no file or folder at " + absolute + ".");
        }
        return List.of(addFile(collectionId, absolute));
    }

    /**
     * Keeps an uploaded file in AgentDeck's data directory and adds it.
     *
     * @throws EngineException INVALID_INPUT when it is larger than the limit (nothing is kept)
     */
    public KnowledgeDocument addUpload(long collectionId, String fileName, InputStream content) {
        collection(collectionId);
        String name = safeFileName(fileName);
        Path file = filesDir.resolve("uploads")
                .resolve(UUID.randomUUID().toString())
                .resolve(name);
        try {
            Files.createDirectories(file.getParent());
            long copied = 0;
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
                    copied += read;
                    if (copied > limits.maxFileBytes()) {
                        throw EngineException.invalid("'" + name + "' is larger than the "
                                + limits.maxFileBytes() / (1024 * 1024) + " MB limit.");
                    }
                    out.write(buffer, 0, read);
                }
            }
            return addFile(collectionId, file);
        } catch (IOException e) {
            deleteUpload(file);
            throw new EngineException(ErrorKind.STORAGE_UNAVAILABLE, "The upload could not be kept: " + e.getMessage());
        } catch (RuntimeException e) {
            deleteUpload(file);
            throw e;
        }
    }

    /** Removes the document, its passages and, for an upload, the kept file. */
    public void deleteDocument(long id) {
        KnowledgeDocument document = document(id);
        index.open(); // before the database changes (PassageIndex.open)
        store.deleteDocument(id);
        forget(document);
    }

    /**
     * Looks at every document added from a file: a file that is gone takes its document with it, a changed one is
     * indexed again. Returns how many documents changed.
     */
    public int rescan() {
        gate.require();
        int changed = 0;
        for (KnowledgeDocument document : store.documentsFromFiles()) {
            Path file = Path.of(document.sourcePath().orElseThrow());
            if (!Files.isRegularFile(file)) {
                index.open(); // before the database changes (PassageIndex.open)
                store.deleteDocument(document.id());
                forget(document);
                changed++;
            } else if (hasChanged(document, file)) {
                addFile(document.collectionId(), file);
                changed++;
            }
        }
        return changed;
    }

    private boolean hasChanged(KnowledgeDocument document, Path file) {
        try {
            return Files.size(file) != document.sizeBytes()
                    || !document.sourceModifiedAt()
                            .map(at -> at.equals(modifiedAt(file)))
                            .orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    // Search and agents

    /** The best passages for the query in one collection, or in all of them. */
    public List<Passage> search(String query, Optional<Long> collectionId, int limit) {
        gate.require();
        if (query == null || query.isBlank()) {
            throw EngineException.invalid("'q' must not be empty.");
        }
        if (limit < 1 || limit > 50) {
            throw EngineException.invalid("'limit' must be between 1 and 50.");
        }
        Set<Long> collections = collectionId
                .map(id -> Set.of(collection(id).id()))
                .orElseGet(() -> Set.copyOf(store.collections().stream()
                        .map(KnowledgeCollection::id)
                        .toList()));
        return retriever.search(query.strip(), collections, limit);
    }

    /** A stored passage with its document, for showing what a citation points at. */
    public StoredPassage passage(long passageId) {
        gate.require();
        return store.passages(List.of(passageId)).stream()
                .findFirst()
                .orElseThrow(() -> EngineException.notFound("No passage with id " + passageId + "."));
    }

    public Set<Long> collectionsOf(long agentId) {
        gate.require();
        return store.collectionsOf(agentId);
    }

    public Set<Long> setCollectionsOf(long agentId, Set<Long> collectionIds) {
        gate.require();
        for (long id : collectionIds) {
            collection(id);
        }
        store.setCollectionsOf(agentId, collectionIds);
        return store.collectionsOf(agentId);
    }

    // Inside

    private KnowledgeCollection requireGeneral() {
        return store.collectionNamed(KnowledgeCollection.GENERAL)
                .orElseGet(() -> store.createCollection(KnowledgeCollection.GENERAL, "", clock.instant()));
    }

    /** Whether a document is indexed by the pool (as usual) or on the calling thread (AgentDeck's guide at start). */
    private enum Indexing {
        IN_BACKGROUND,
        NOW
    }

    private KnowledgeDocument addFile(long collectionId, Path file) {
        return addFile(collectionId, file, Indexing.IN_BACKGROUND);
    }

    private KnowledgeDocument addFile(long collectionId, Path file, Indexing indexing) {
        String source = file.toAbsolutePath().normalize().toString();
        Instant now = clock.instant();
        try {
            long size = Files.size(file);
            Optional<Instant> modified = Optional.of(modifiedAt(file));
            Optional<KnowledgeDocument> known = store.findBySource(collectionId, source);
            if (size > limits.maxFileBytes()) {
                // Refused before it is read at all, so a huge file costs nothing.
                KnowledgeDocument document = known.orElseGet(() -> store.addDocument(
                        new NewDocument(collectionId, nameOf(file), Optional.of(source), modified, size, ""), now));
                String reason = "The file is larger than the " + limits.maxFileBytes() / (1024 * 1024) + " MB limit.";
                KnowledgeDocument failed =
                        store.setStatus(document.id(), DocumentStatus.FAILED, Optional.of(reason), now);
                announce(failed);
                return failed;
            }
            String sha256 = Sha256.of(file);
            if (known.isPresent()) {
                if (known.get().sha256().equals(sha256) && known.get().status() != DocumentStatus.FAILED) {
                    return known.get();
                }
                return queue(store.requeue(known.get().id(), size, sha256, modified, now), indexing);
            }
            Optional<KnowledgeDocument> sameContent = store.findBySha256(collectionId, sha256);
            if (sameContent.isPresent()) {
                return sameContent.get();
            }
            return queue(
                    store.addDocument(
                            new NewDocument(collectionId, nameOf(file), Optional.of(source), modified, size, sha256),
                            now),
                    indexing);
        } catch (NoSuchFileException e) {
            throw EngineException.invalid("The file " + source + " is no longer there.");
        } catch (IOException e) {
            throw EngineException.invalid("The file " + source + " cannot be read: " + e.getMessage());
        }
    }

    private KnowledgeDocument queue(KnowledgeDocument document, Indexing indexing) {
        announce(document);
        if (indexing == Indexing.NOW) {
            ingestion.ingest(document.id());
            return store.document(document.id()).orElse(document);
        }
        submit(document.id());
        return document;
    }

    private void announce(KnowledgeDocument document) {
        events.publish(new EngineEvent.KnowledgeProgress(
                document.collectionId(),
                document.id(),
                document.name(),
                document.status(),
                0,
                0,
                document.error(),
                clock.instant()));
    }

    private void submit(long documentId) {
        try {
            workers.execute(() -> {
                try {
                    ingestion.ingest(documentId);
                } catch (RuntimeException e) {
                    // ingest records every failure it foresees on the document; anything else is a bug, logged here
                    // rather than lost to the thread's uncaught-exception handler.
                    LOG.error("Indexing document {} failed unexpectedly", documentId, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug(
                    "Not indexing document {}: AgentDeck is stopping (it is queued again at the next start)",
                    documentId);
        }
    }

    /** A deleted document leaves the index, and an uploaded file leaves the data directory. */
    private void forget(KnowledgeDocument document) {
        index.deleteDocument(document.id());
        document.sourcePath()
                .map(Path::of)
                .filter(file -> file.startsWith(filesDir.resolve("uploads")))
                .ifPresent(KnowledgeService::deleteUpload);
    }

    private static void deleteUpload(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            LOG.warn("Could not delete the uploaded file {}", file, e);
        }
    }

    private static List<Path> filesIn(Path folder) {
        try (Stream<Path> walk = Files.walk(folder, 32, new FileVisitOption[0])) {
            List<Path> files = walk.filter(path -> !isHiddenOrSkipped(folder, path))
                    .filter(Files::isRegularFile)
                    .filter(path -> INDEXED_EXTENSIONS.contains(extensionOf(path)))
                    .limit(MAX_FOLDER_FILES + 1L)
                    .sorted()
                    .toList();
            if (files.size() > MAX_FOLDER_FILES) {
                throw EngineException.invalid("The folder has more than " + MAX_FOLDER_FILES
                        + " files AgentDeck can read; add its subfolders one by one.");
            }
            return files;
        } catch (IOException e) {
            throw EngineException.invalid("The folder " + folder + " cannot be read: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw EngineException.invalid(
                    "The folder " + folder + " cannot be read: " + e.getCause().getMessage());
        }
    }

    private static boolean isHiddenOrSkipped(Path root, Path path) {
        for (Path part : root.relativize(path)) {
            String name = part.toString();
            if (name.startsWith(".") || SKIPPED_FOLDERS.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static String extensionOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String nameOf(Path file) {
        return file.getFileName().toString();
    }

    /** Only the last part of what a client calls the file, without characters a file system may refuse. */
    static String safeFileName(String fileName) {
        String base = fileName == null ? "" : fileName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).strip();
        base = base.replaceAll("[\\x00-\\x1f<>:\"|?*]", "_");
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            base = "upload";
        }
        return base.length() > 200 ? base.substring(base.length() - 200) : base;
    }

    private static Instant modifiedAt(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** AgentDeck is stopping: documents being indexed are queued again at the next start. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        index.close();
    }

    /** Every stored passage, read a batch at a time as the rebuild takes them: memory stays bounded for any size. */
    private static final class PassageIterator implements Iterator<IndexedPassage> {
        private static final int BATCH = 1_000;
        private final KnowledgeStore store;
        private List<IndexedPassage> batch;
        private int next;

        PassageIterator(KnowledgeStore store) {
            this.store = store;
            this.batch = store.indexedPassages(0, BATCH);
        }

        @Override
        public boolean hasNext() {
            if (next < batch.size()) {
                return true;
            }
            if (batch.size() < BATCH) {
                return false;
            }
            batch = store.indexedPassages(batch.getLast().passageId(), BATCH);
            next = 0;
            return !batch.isEmpty();
        }

        @Override
        public IndexedPassage next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return batch.get(next++);
        }
    }
}
