package io.agentdeck.engine.store;

import io.agentdeck.engine.knowledge.DocumentStatus;
import io.agentdeck.engine.knowledge.KnowledgeCollection;
import io.agentdeck.engine.knowledge.KnowledgeDocument;
import io.agentdeck.engine.knowledge.NewDocument;
import io.agentdeck.engine.knowledge.StoredPassage;
import io.agentdeck.engine.knowledge.index.IndexedPassage;
import io.agentdeck.engine.knowledge.ingest.Chunk;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The knowledge base's store of record: collections, documents, passages with their embeddings, agents' collections. */
public interface KnowledgeStore {
    /** @throws io.agentdeck.engine.EngineException CONFLICT when the name is taken */
    KnowledgeCollection createCollection(String name, String description, Instant at);

    List<KnowledgeCollection> collections();

    Optional<KnowledgeCollection> collection(long id);

    Optional<KnowledgeCollection> collectionNamed(String name);

    /** Deletes the collection with its documents and passages. */
    void deleteCollection(long id);

    KnowledgeDocument addDocument(NewDocument document, Instant at);

    Optional<KnowledgeDocument> document(long id);

    List<KnowledgeDocument> documents(long collectionId);

    /** How many documents each collection holds; a collection without any is left out. */
    Map<Long, Integer> documentCounts();

    /** The collection's documents added from files on disk, to look for changes. */
    List<KnowledgeDocument> documentsFromFiles();

    Optional<KnowledgeDocument> findBySha256(long collectionId, String sha256);

    Optional<KnowledgeDocument> findBySource(long collectionId, String sourcePath);

    /** Documents with the status, oldest first (the queued ones after a restart). */
    List<KnowledgeDocument> documentsWith(DocumentStatus status);

    /** Sets the status (and the reason, for failed); {@code mediaType} when the parser found it. */
    KnowledgeDocument setStatus(long id, DocumentStatus status, Optional<String> error, Instant at);

    /**
     * Replaces the document's passages with these (each with its vector), with its media type and passage count, in one
     * transaction; returns the stored passages' ids in {@code chunks}' order. The document stays indexing: it is ready
     * once the index has the passages too ({@link #setStatus}).
     */
    List<Long> storePassages(long documentId, String mediaType, List<Chunk> chunks, List<float[]> vectors, Instant at);

    /** Marks a document changed on disk: queued again with its new size, hash and time. */
    KnowledgeDocument requeue(long id, long sizeBytes, String sha256, Optional<Instant> sourceModifiedAt, Instant at);

    void deleteDocument(long id);

    List<StoredPassage> passages(Collection<Long> ids);

    long passageCount();

    /** Up to {@code limit} passages after the id, in id order, with their vectors and collections: a rebuild's batch. */
    List<IndexedPassage> indexedPassages(long afterId, int limit);

    /** One document's passages with their vectors and collection, in order: what another node's index lacks. */
    List<IndexedPassage> indexedPassagesOf(long documentId);

    /**
     * The collections the agent reads: those it was given that still exist, or General when it was never given any.
     * Empty when the agent does not exist or was given none.
     */
    Set<Long> collectionsOf(long agentId);

    void setCollectionsOf(long agentId, Set<Long> collectionIds);
}
