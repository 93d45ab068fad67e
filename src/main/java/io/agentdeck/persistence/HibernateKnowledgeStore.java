package io.agentdeck.persistence;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.knowledge.DocumentStatus;
import io.agentdeck.engine.knowledge.KnowledgeCollection;
import io.agentdeck.engine.knowledge.KnowledgeDocument;
import io.agentdeck.engine.knowledge.NewDocument;
import io.agentdeck.engine.knowledge.StoredPassage;
import io.agentdeck.engine.knowledge.index.IndexedPassage;
import io.agentdeck.engine.knowledge.ingest.Chunk;
import io.agentdeck.engine.store.KnowledgeStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.hibernate.exception.ConstraintViolationException;

public final class HibernateKnowledgeStore implements KnowledgeStore {
    private static final LongListJson IDS = new LongListJson();

    private final Transactions transactions;

    public HibernateKnowledgeStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public KnowledgeCollection createCollection(String name, String description, Instant at) {
        try {
            return transactions.write(session -> {
                if (findCollection(session, name).isPresent()) {
                    throw nameTaken(name);
                }
                KnowledgeCollectionEntity entity =
                        new KnowledgeCollectionEntity(name, description, Timestamps.stored(at));
                session.persist(entity);
                return toCollection(entity);
            });
        } catch (ConstraintViolationException e) {
            throw nameTaken(name);
        }
    }

    private static EngineException nameTaken(String name) {
        return new EngineException(ErrorKind.CONFLICT, "A collection named '" + name + "' already exists.");
    }

    @Override
    public List<KnowledgeCollection> collections() {
        return transactions.read(session -> session
                .createSelectionQuery("from KnowledgeCollectionEntity c order by c.id", KnowledgeCollectionEntity.class)
                .getResultList()
                .stream()
                .map(HibernateKnowledgeStore::toCollection)
                .toList());
    }

    @Override
    public Optional<KnowledgeCollection> collection(long id) {
        return transactions.read(session -> Optional.ofNullable(session.find(KnowledgeCollectionEntity.class, id))
                .map(HibernateKnowledgeStore::toCollection));
    }

    @Override
    public Optional<KnowledgeCollection> collectionNamed(String name) {
        return transactions.read(session -> findCollection(session, name).map(HibernateKnowledgeStore::toCollection));
    }

    private static Optional<KnowledgeCollectionEntity> findCollection(Session session, String name) {
        return session
                .createSelectionQuery(
                        "from KnowledgeCollectionEntity c where lower(c.name) = lower(:name)",
                        KnowledgeCollectionEntity.class)
                .setParameter("name", name)
                .getResultList()
                .stream()
                .findFirst();
    }

    @Override
    public void deleteCollection(long id) {
        // The foreign keys cascade to documents, passages and the agents' lists.
        transactions.writeWithoutResult(
                session -> session.createNativeMutationQuery("delete from knowledge_collections where id = :id")
                        .setParameter("id", id)
                        .executeUpdate());
    }

    @Override
    public KnowledgeDocument addDocument(NewDocument document, Instant at) {
        KnowledgeDocumentEntity entity = new KnowledgeDocumentEntity(
                document.collectionId(),
                document.name(),
                document.sourcePath().orElse(null),
                Timestamps.stored(document.sourceModifiedAt()),
                document.sizeBytes(),
                document.sha256(),
                DocumentStatus.QUEUED.wireName(),
                Timestamps.stored(at));
        transactions.writeWithoutResult(session -> session.persist(entity));
        return toDocument(entity);
    }

    @Override
    public Optional<KnowledgeDocument> document(long id) {
        return transactions.read(session -> Optional.ofNullable(session.find(KnowledgeDocumentEntity.class, id))
                .map(HibernateKnowledgeStore::toDocument));
    }

    @Override
    public List<KnowledgeDocument> documents(long collectionId) {
        return documentsWhere("d.collectionId = :value order by d.id", collectionId);
    }

    @Override
    public Map<Long, Integer> documentCounts() {
        return transactions.read(session -> session
                .createSelectionQuery(
                        "select d.collectionId, count(d) from KnowledgeDocumentEntity d group by d.collectionId",
                        Object[].class)
                .getResultList()
                .stream()
                .collect(Collectors.toMap(row -> (Long) row[0], row -> ((Long) row[1]).intValue())));
    }

    @Override
    public List<KnowledgeDocument> documentsFromFiles() {
        return transactions.read(session -> session
                .createSelectionQuery(
                        "from KnowledgeDocumentEntity d where d.sourcePath is not null order by d.id",
                        KnowledgeDocumentEntity.class)
                .getResultList()
                .stream()
                .map(HibernateKnowledgeStore::toDocument)
                .toList());
    }

    @Override
    public Optional<KnowledgeDocument> findBySha256(long collectionId, String sha256) {
        return firstInCollection(collectionId, "sha256", sha256);
    }

    @Override
    public Optional<KnowledgeDocument> findBySource(long collectionId, String sourcePath) {
        return firstInCollection(collectionId, "sourcePath", sourcePath);
    }

    /** The oldest document of the collection whose {@code field} (a name of ours, never a caller's) has the value. */
    private Optional<KnowledgeDocument> firstInCollection(long collectionId, String field, String value) {
        return transactions.read(session -> session
                .createSelectionQuery(
                        "from KnowledgeDocumentEntity d where d.collectionId = :collection and d." + field
                                + " = :value order by d.id",
                        KnowledgeDocumentEntity.class)
                .setParameter("collection", collectionId)
                .setParameter("value", value)
                .setMaxResults(1)
                .getResultList()
                .stream()
                .findFirst()
                .map(HibernateKnowledgeStore::toDocument));
    }

    @Override
    public List<KnowledgeDocument> documentsWith(DocumentStatus status) {
        return documentsWhere("d.status = :value order by d.id", status.wireName());
    }

    private List<KnowledgeDocument> documentsWhere(String condition, Object value) {
        return transactions.read(session -> session
                .createSelectionQuery(
                        "from KnowledgeDocumentEntity d where " + condition, KnowledgeDocumentEntity.class)
                .setParameter("value", value)
                .getResultList()
                .stream()
                .map(HibernateKnowledgeStore::toDocument)
                .toList());
    }

    @Override
    public KnowledgeDocument setStatus(long id, DocumentStatus status, Optional<String> error, Instant at) {
        return transactions.write(session -> {
            // One UPDATE that finds the row or not, rather than read-then-flush: a document deleted between the read
            // and the flush made Hibernate fail the commit with a stale-state error, which an ingestion worker did
            // not expect and threw out of its thread.
            int updated = session.createMutationQuery(
                            "update KnowledgeDocumentEntity d set d.status = :status, d.error = :error,"
                                    + " d.updatedAt = :at where d.id = :id")
                    .setParameter("status", status.wireName())
                    .setParameter("error", error.orElse(null))
                    .setParameter("at", Timestamps.stored(at))
                    .setParameter("id", id)
                    .executeUpdate();
            if (updated == 0) {
                throw EngineException.notFound("No document with id " + id + ".");
            }
            return toDocument(requireDocument(session, id));
        });
    }

    @Override
    public List<Long> storePassages(
            long documentId, String mediaType, List<Chunk> chunks, List<float[]> vectors, Instant at) {
        if (chunks.size() != vectors.size()) {
            throw new IllegalArgumentException(chunks.size() + " passages but " + vectors.size() + " vectors");
        }
        return transactions.write(session -> {
            KnowledgeDocumentEntity document = requireDocument(session, documentId);
            session.createMutationQuery("delete from KnowledgePassageEntity p where p.documentId = :document")
                    .setParameter("document", documentId)
                    .executeUpdate();
            List<Long> ids = new ArrayList<>(chunks.size());
            for (int i = 0; i < chunks.size(); i++) {
                Chunk chunk = chunks.get(i);
                KnowledgePassageEntity passage = new KnowledgePassageEntity(
                        documentId,
                        chunk.ordinal(),
                        chunk.text(),
                        chunk.page().orElse(null),
                        chunk.heading()
                                .map(h -> h.length() > 500 ? h.substring(0, 500) : h)
                                .orElse(null),
                        chunk.start(),
                        Vectors.toBytes(vectors.get(i)));
                session.persist(passage);
                ids.add(passage.id());
            }
            document.mediaType = mediaType;
            document.error = null;
            document.chunks = chunks.size();
            document.updatedAt = Timestamps.stored(at);
            return ids;
        });
    }

    @Override
    public KnowledgeDocument requeue(
            long id, long sizeBytes, String sha256, Optional<Instant> sourceModifiedAt, Instant at) {
        return transactions.write(session -> {
            KnowledgeDocumentEntity entity = requireDocument(session, id);
            entity.sizeBytes = sizeBytes;
            entity.sha256 = sha256;
            entity.sourceModifiedAt(Timestamps.stored(sourceModifiedAt));
            entity.status = DocumentStatus.QUEUED.wireName();
            entity.error = null;
            entity.updatedAt = Timestamps.stored(at);
            return toDocument(entity);
        });
    }

    @Override
    public void deleteDocument(long id) {
        transactions.writeWithoutResult(
                session -> session.createNativeMutationQuery("delete from knowledge_documents where id = :id")
                        .setParameter("id", id)
                        .executeUpdate());
    }

    @Override
    public List<StoredPassage> passages(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return transactions.read(session -> session
                .createSelectionQuery("from KnowledgePassageEntity p where p.id in :ids", KnowledgePassageEntity.class)
                .setParameter("ids", ids)
                .getResultList()
                .stream()
                .map(p -> new StoredPassage(
                        p.id(),
                        p.documentId(),
                        p.ordinal(),
                        p.text(),
                        Optional.ofNullable(p.page()),
                        Optional.ofNullable(p.heading()),
                        p.start()))
                .toList());
    }

    @Override
    public long passageCount() {
        return transactions.read(
                session -> session.createSelectionQuery("select count(p) from KnowledgePassageEntity p", Long.class)
                        .getSingleResult());
    }

    @Override
    public List<IndexedPassage> indexedPassages(long afterId, int limit) {
        return transactions
                .read(session -> session.createSelectionQuery(
                                INDEXED + " and p.id > :after order by p.id", Object[].class)
                        .setParameter("after", afterId)
                        .setMaxResults(limit)
                        .getResultList())
                .stream()
                .map(HibernateKnowledgeStore::indexed)
                .toList();
    }

    @Override
    public List<IndexedPassage> indexedPassagesOf(long documentId) {
        return transactions
                .read(session -> session.createSelectionQuery(
                                INDEXED + " and d.id = :document order by p.id", Object[].class)
                        .setParameter("document", documentId)
                        .getResultList())
                .stream()
                .map(HibernateKnowledgeStore::indexed)
                .toList();
    }

    /** Passages as the index takes them: with their document's collection and their vector. */
    private static final String INDEXED = "select p.id, p.documentId, d.collectionId, p.text, p.embedding"
            + " from KnowledgePassageEntity p, KnowledgeDocumentEntity d where p.documentId = d.id";

    private static IndexedPassage indexed(Object[] row) {
        return new IndexedPassage(
                (Long) row[0], (Long) row[1], (Long) row[2], (String) row[3], Vectors.fromBytes((byte[]) row[4]));
    }

    @Override
    public Set<Long> collectionsOf(long agentId) {
        // Read before every turn's knowledge lookup, so it asks only what its case needs: the agent's list, then
        // either the General collection's id or which of the listed collections still exist.
        return transactions.read(session -> {
            List<String> stored = session.createNativeQuery(
                            "select coalesce(collections, 'general') from agents where id = :agent", String.class)
                    .setParameter("agent", agentId)
                    .getResultList();
            if (stored.isEmpty()) {
                return Set.of();
            }
            if (stored.getFirst().equals("general")) {
                return session
                        .createSelectionQuery(
                                "select c.id from KnowledgeCollectionEntity c where lower(c.name) = lower(:name)",
                                Long.class)
                        .setParameter("name", KnowledgeCollection.GENERAL)
                        .getResultList()
                        .stream()
                        .limit(1)
                        .collect(Collectors.toUnmodifiableSet());
            }
            Set<Long> given = new LinkedHashSet<>(IDS.read(stored.getFirst()));
            if (given.isEmpty()) {
                return given;
            }
            given.retainAll(session.createSelectionQuery(
                            "select c.id from KnowledgeCollectionEntity c where c.id in :ids", Long.class)
                    .setParameter("ids", given)
                    .getResultList());
            return given;
        });
    }

    @Override
    public void setCollectionsOf(long agentId, Set<Long> collectionIds) {
        int changed = transactions.write(session -> session.createNativeMutationQuery(
                        "update agents set collections = :ids where id = :agent")
                .setParameter("ids", IDS.write(collectionIds.stream().sorted().toList()))
                .setParameter("agent", agentId)
                .executeUpdate());
        if (changed == 0) {
            throw EngineException.notFound("No agent with id " + agentId + ".");
        }
    }

    private static KnowledgeDocumentEntity requireDocument(Session session, long id) {
        KnowledgeDocumentEntity entity = session.find(KnowledgeDocumentEntity.class, id);
        if (entity == null) {
            throw EngineException.notFound("No document with id " + id + ".");
        }
        return entity;
    }

    private static KnowledgeCollection toCollection(KnowledgeCollectionEntity entity) {
        return new KnowledgeCollection(
                entity.id(),
                entity.name(),
                entity.description() == null ? "" : entity.description(),
                entity.createdAt());
    }

    private static KnowledgeDocument toDocument(KnowledgeDocumentEntity entity) {
        return new KnowledgeDocument(
                entity.id(),
                entity.collectionId(),
                entity.name(),
                Optional.ofNullable(entity.sourcePath()),
                Optional.ofNullable(entity.sourceModifiedAt()),
                Optional.ofNullable(entity.mediaType),
                entity.sizeBytes,
                entity.sha256,
                DocumentStatus.fromWireName(entity.status),
                Optional.ofNullable(entity.error),
                entity.chunks,
                entity.addedAt(),
                entity.updatedAt);
    }
}
