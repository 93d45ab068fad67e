package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.knowledge.DocumentStatus;
import io.agentdeck.engine.knowledge.KnowledgeCollection;
import io.agentdeck.engine.knowledge.KnowledgeDocument;
import io.agentdeck.engine.knowledge.NewDocument;
import io.agentdeck.engine.knowledge.index.IndexedPassage;
import io.agentdeck.engine.knowledge.ingest.Chunk;
import io.agentdeck.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HibernateKnowledgeStoreTest {
    @RegisterExtension
    final TestDatabase db = new TestDatabase();

    private final Instant now = db.clock().instant();

    private KnowledgeDocument queued(HibernateKnowledgeStore store, long collection, String name, String sha) {
        return store.addDocument(
                new NewDocument(collection, name, Optional.of("/notes/" + name), Optional.of(now), 120, sha), now);
    }

    private static Chunk chunk(int ordinal, String text) {
        return new Chunk(ordinal, text, Optional.of(ordinal + 1), Optional.of("Heading " + ordinal), ordinal * 100);
    }

    @Test
    void generalExistsEveryAgentReadsItAndNamesAreUniqueWhateverTheirCase() {
        HibernateKnowledgeStore store = db.knowledge();
        KnowledgeCollection general = store.collectionNamed("general").orElseThrow();
        assertThat(general.name()).isEqualTo(KnowledgeCollection.GENERAL);
        assertThat(store.collections()).extracting(KnowledgeCollection::name).containsExactly("General");
        long agent = db.agents().save(Fixtures.dynamicAgent("Researcher")).id();
        assertThat(store.collectionsOf(agent)).as("never given any: General").containsExactly(general.id());
        assertThat(store.collectionsOf(999)).as("no such agent").isEmpty();

        KnowledgeCollection project = store.createCollection("Project X", "The launch", now);
        assertThat(store.collection(project.id())).contains(project);
        assertThatThrownBy(() -> store.createCollection("project x", "", now))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("already exists");

        store.setCollectionsOf(agent, Set.of(general.id(), project.id()));
        assertThat(store.collectionsOf(agent)).containsExactlyInAnyOrder(general.id(), project.id());
        store.deleteCollection(project.id());
        assertThat(store.collectionsOf(agent))
                .as("a deleted collection is gone from it")
                .containsExactly(general.id());
        store.setCollectionsOf(agent, Set.of());
        assertThat(store.collectionsOf(agent)).as("given none").isEmpty();
        assertThatThrownBy(() -> store.setCollectionsOf(999, Set.of())).isInstanceOf(EngineException.class);
    }

    @Test
    void passagesAndVectorsAreStoredWithTheirDocumentAndReadBackForARebuildInBatches() {
        HibernateKnowledgeStore store = db.knowledge();
        long collection = store.createCollection("Notes", "", now).id();
        KnowledgeDocument doc = queued(store, collection, "a.md", "aa");
        assertThat(doc.status()).isEqualTo(DocumentStatus.QUEUED);
        assertThat(store.findBySha256(collection, "aa")).contains(doc);
        assertThat(store.findBySource(collection, "/notes/a.md")).contains(doc);
        assertThat(store.documentsWith(DocumentStatus.QUEUED)).containsExactly(doc);
        queued(store, collection, "b.md", "bb");
        assertThat(store.documentCounts()).containsEntry(collection, 2).doesNotContainKey(collection + 1);

        int count = 2_345; // more than two rebuild batches
        List<Chunk> chunks =
                IntStream.range(0, count).mapToObj(i -> chunk(i, "text " + i)).toList();
        List<float[]> vectors = IntStream.range(0, count)
                .mapToObj(i -> new float[] {i, -i, 0.5f})
                .toList();
        List<Long> ids = store.storePassages(doc.id(), "text/markdown", chunks, vectors, now);

        assertThat(ids).hasSize(count).doesNotHaveDuplicates();
        KnowledgeDocument ready = store.document(doc.id()).orElseThrow();
        assertThat(ready.status()).as("ready once the index has them too").isEqualTo(DocumentStatus.QUEUED);
        assertThat(ready.chunks()).isEqualTo(count);
        assertThat(ready.mediaType()).contains("text/markdown");
        assertThat(store.passageCount()).isEqualTo(count);
        assertThat(store.passages(List.of(ids.get(7)))).singleElement().satisfies(p -> {
            assertThat(p.text()).isEqualTo("text 7");
            assertThat(p.page()).contains(8);
            assertThat(p.heading()).contains("Heading 7");
            assertThat(p.start()).isEqualTo(700);
        });
        List<IndexedPassage> all = new ArrayList<>();
        for (List<IndexedPassage> batch = store.indexedPassages(0, 1_000);
                !batch.isEmpty();
                batch = store.indexedPassages(batch.getLast().passageId(), 1_000)) {
            all.addAll(batch);
        }
        assertThat(all).hasSize(count);
        assertThat(all).extracting(IndexedPassage::passageId).isEqualTo(ids);
        assertThat(all.get(9).vector()).containsExactly(9f, -9f, 0.5f);
        assertThat(all.get(9).collectionId()).isEqualTo(collection);

        // Indexing again replaces the passages; deleting the collection takes everything with it.
        store.storePassages(doc.id(), "text/markdown", List.of(chunk(0, "new")), List.of(new float[] {1}), now);
        assertThat(store.passageCount()).isOne();
        store.deleteCollection(collection);
        assertThat(store.document(doc.id())).isEmpty();
        assertThat(store.passageCount()).isZero();
    }

    @Test
    void aFailedDocumentKeepsItsReasonAndAChangedFileIsQueuedAgain() {
        HibernateKnowledgeStore store = db.knowledge();
        long collection = store.collectionNamed("General").orElseThrow().id();
        KnowledgeDocument doc = queued(store, collection, "b.pdf", "bb");

        KnowledgeDocument failed =
                store.setStatus(doc.id(), DocumentStatus.FAILED, Optional.of("The PDF is password-protected."), now);
        assertThat(failed.error()).contains("The PDF is password-protected.");
        KnowledgeDocument again = store.requeue(doc.id(), 999, "cc", Optional.of(now.plusSeconds(5)), now);
        assertThat(again.status()).isEqualTo(DocumentStatus.QUEUED);
        assertThat(again.error()).isEmpty();
        assertThat(again.sha256()).isEqualTo("cc");
        assertThat(again.sizeBytes()).isEqualTo(999);
        assertThat(store.documentsFromFiles()).extracting(KnowledgeDocument::id).containsExactly(doc.id());
        store.deleteDocument(doc.id());
        assertThat(store.documents(collection)).isEmpty();
    }

    /**
     * An ingestion worker marks a document while the person deletes it: the mark either lands or says the document is
     * gone (NOT_FOUND), never a stale-state failure out of the commit (which once escaped a worker thread).
     */
    @Test
    void markingADocumentThatIsBeingDeletedSaysItIsGone() throws Exception {
        HibernateKnowledgeStore store = db.knowledge();
        long collection = store.collectionNamed("General").orElseThrow().id();
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            ids.add(queued(store, collection, "race-" + i + ".md", "sha-" + i).id());
        }
        List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger gone = new java.util.concurrent.atomic.AtomicInteger();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            pool.submit(() -> ids.forEach(store::deleteDocument));
            pool.submit(() -> {
                for (long id : ids) {
                    try {
                        store.setStatus(id, DocumentStatus.FAILED, Optional.of("Unreadable."), now);
                    } catch (io.agentdeck.engine.EngineException e) {
                        if (e.kind() == io.agentdeck.engine.ErrorKind.NOT_FOUND) {
                            gone.incrementAndGet();
                        } else {
                            unexpected.add(e);
                        }
                    } catch (RuntimeException e) {
                        unexpected.add(e);
                    }
                }
            });
        }
        assertThat(unexpected).isEmpty();
        assertThat(store.documents(collection))
                .extracting(KnowledgeDocument::id)
                .doesNotContainAnyElementsOf(ids);
    }
}
