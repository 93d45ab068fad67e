package io.agentdeck.persistence.index;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the index in a directory, or a new empty one there when what is on disk cannot be used: the index is derived
 * from the database, so losing it costs a rebuild, while refusing to start would cost the whole app. The caller sees
 * an empty index (its size differs from the database's) and rebuilds.
 */
final class IndexOpener {
    private static final Logger LOG = LoggerFactory.getLogger(IndexOpener.class);

    /** The writer and the near-real-time searchers over it. */
    record Opened(IndexWriter writer, SearcherManager searchers) {}

    private IndexOpener() {}

    /** Opens the index in {@code directory}, whose place on disk {@code location} names in messages. */
    static Opened open(
            Directory directory, Path location, Function<OpenMode, IndexWriterConfig> config, int dimensions) {
        try {
            Opened opened = tryOpen(directory, config.apply(OpenMode.CREATE_OR_APPEND));
            String stale;
            try {
                stale = staleness(opened, dimensions);
            } catch (IOException | RuntimeException e) {
                discard(opened);
                throw e;
            }
            if (stale == null) {
                return opened;
            }
            discard(opened);
            LOG.warn("Knowledge index in {} is stale ({}); starting empty, to be rebuilt", location, stale);
        } catch (LockObtainFailedException e) {
            // Another AgentDeck (or another index object in this one) has it open: wiping it would break that one.
            throw new IllegalStateException("The knowledge index is in use elsewhere: " + location, e);
        } catch (CorruptIndexException
                | IndexFormatTooOldException
                | IndexFormatTooNewException
                | EOFException
                | NoSuchFileException
                | FileNotFoundException e) {
            LOG.warn(
                    "Knowledge index in {} cannot be read ({}); starting empty, to be rebuilt", location, e.toString());
        } catch (IllegalArgumentException e) {
            // What Lucene throws for a segment written by a codec this version does not know (a newer or older app).
            LOG.warn(
                    "Knowledge index in {} has an unknown format ({}); starting empty, to be rebuilt",
                    location,
                    e.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the knowledge index in " + location, e);
        }
        try {
            clear(directory);
            return tryOpen(directory, config.apply(OpenMode.CREATE));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the knowledge index in " + location, e);
        }
    }

    private static Opened tryOpen(Directory directory, IndexWriterConfig config) throws IOException {
        IndexWriter writer = new IndexWriter(directory, config);
        try {
            // Opening the reader opens every segment's files, which checks their headers and footers.
            return new Opened(writer, new SearcherManager(writer, null));
        } catch (IOException | RuntimeException e) {
            writer.rollback();
            throw e;
        }
    }

    /** Closes without committing anything. */
    private static void discard(Opened opened) throws IOException {
        try {
            opened.searchers().close();
        } finally {
            opened.writer().rollback();
        }
    }

    /** Why the index was built for other vectors (another embedding model), or null when it fits. */
    private static String staleness(Opened opened, int dimensions) throws IOException {
        IndexSearcher searcher = opened.searchers().acquire();
        try {
            FieldInfo vectors =
                    FieldInfos.getMergedFieldInfos(searcher.getIndexReader()).fieldInfo(PassageFields.VECTOR);
            if (vectors == null) {
                return null;
            }
            if (vectors.getVectorDimension() != dimensions) {
                return "vectors of " + vectors.getVectorDimension() + " dimensions, not " + dimensions;
            }
            if (vectors.getVectorSimilarityFunction() != PassageFields.SIMILARITY) {
                return "vectors compared by " + vectors.getVectorSimilarityFunction();
            }
            return null;
        } finally {
            opened.searchers().release(searcher);
        }
    }

    /** Removes the unusable index's files; the directory belongs to the index alone. */
    private static void clear(Directory directory) throws IOException {
        for (String file : directory.listAll()) {
            if (!file.equals(IndexWriter.WRITE_LOCK_NAME)) {
                directory.deleteFile(file);
            }
        }
    }
}
