package io.agentdeck.api.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.knowledge.DocumentStatus;
import io.agentdeck.engine.knowledge.KnowledgeCollection;
import io.agentdeck.engine.knowledge.KnowledgeDocument;
import io.agentdeck.engine.knowledge.Passage;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The knowledge base across restarts, on the real engine: documents, passages and the index are kept; a lost index is
 * rebuilt from the database; neither embeds anything again. Folders are added from disk, and changed or deleted files
 * are found by a rescan.
 */
class KnowledgeRestartTest {
    @TempDir
    Path dataDir;

    @TempDir
    Path notes;

    private FakeOpenAiServer model;

    @BeforeEach
    void startModel() {
        model = FakeOpenAiServer.start();
    }

    @AfterEach
    void stopModel() {
        model.close();
    }

    private TestApp start(List<EngineEvent.KnowledgeProgress> progress) {
        TestApp app = TestApp.start(dataDir, TestApp.fakeModel(model.baseUrl()));
        app.engine().events().subscribe(event -> {
            if (event instanceof EngineEvent.KnowledgeProgress knowledge) {
                progress.add(knowledge);
            }
        });
        app.engine().initialize();
        return app;
    }

    private static void awaitAllReady(TestApp app, long collection) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> app.engine().knowledge().documents(collection).stream()
                        .allMatch(d -> d.status().isFinished()));
    }

    private static List<String> found(TestApp app, String query) {
        return app.engine().knowledge().search(query, Optional.empty(), 3).stream()
                .map(Passage::source)
                .toList();
    }

    /** The index's segment files: a rebuild replaces them all, an added or deleted document leaves the others. */
    private Set<String> segments() throws java.io.IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("knowledge").resolve("index"))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith("_"))
                    .collect(Collectors.toSet());
        }
    }

    /**
     * The index opens at its first use, and its check against the database runs before that use changes the database:
     * a check run after the document's passages were stored would find the index behind and rebuild all of it.
     */
    @Test
    void anIndexOpenedByAddingOrDeletingADocumentIsNotRebuilt() throws Exception {
        Files.writeString(notes.resolve("alpha.md"), "# Alpha\n\nThe code word ALPHA_4410 opens the vault.");
        try (TestApp app = start(new CopyOnWriteArrayList<>())) {
            assertThat(app.engine().knowledge().stats().documents()).isPositive(); // the guide, indexed at first start
        }
        Set<String> guideSegments = segments();
        assertThat(guideSegments).isNotEmpty();

        long general;
        try (TestApp app = start(new CopyOnWriteArrayList<>())) {
            general = app.engine().knowledge().collections().getFirst().id();
            app.engine().knowledge().addPath(general, notes.resolve("alpha.md"));
            awaitAllReady(app, general);
            assertThat(found(app, "ALPHA_4410")).first().isEqualTo("alpha.md");
        }
        assertThat(segments()).as("adding opened the index: nothing rebuilt").containsAll(guideSegments);

        try (TestApp app = start(new CopyOnWriteArrayList<>())) {
            KnowledgeDocument alpha = app.engine().knowledge().documents(general).stream()
                    .filter(document -> document.name().equals("alpha.md"))
                    .findFirst()
                    .orElseThrow();
            app.engine().knowledge().deleteDocument(alpha.id());
            assertThat(found(app, "ALPHA_4410")).doesNotContain("alpha.md");
        }
        assertThat(segments()).as("deleting opened the index: nothing rebuilt").containsAll(guideSegments);
    }

    @Test
    void aTwoGigabyteFileFailsAtOnceWithoutBeingReadAndTheFilesBesideItAreIndexed() throws Exception {
        try (java.io.RandomAccessFile huge =
                new java.io.RandomAccessFile(notes.resolve("video.txt").toFile(), "rw")) {
            huge.setLength(2L * 1024 * 1024 * 1024); // sparse: costs no disk
        }
        Files.writeString(notes.resolve("small.md"), "# Small\n\nA short note about the release of version 7.");
        try (TestApp app = start(new CopyOnWriteArrayList<>())) {
            long general = app.engine().knowledge().collections().getFirst().id();
            long started = System.nanoTime();
            List<KnowledgeDocument> added = app.engine().knowledge().addPath(general, notes);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("2 GB are not hashed or read")
                    .isLessThan(Duration.ofSeconds(20));
            KnowledgeDocument video = added.stream()
                    .filter(d -> d.name().equals("video.txt"))
                    .findFirst()
                    .orElseThrow();
            assertThat(video.status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(video.error())
                    .hasValueSatisfying(reason -> assertThat(reason).contains("200 MB limit"));
            awaitAllReady(app, general);
            assertThat(found(app, "release of version 7")).contains("small.md");
        }
    }

    @Test
    void aFolderOfNotesIsKeptOverRestartsAndALostIndexIsRebuiltWithoutEmbeddingAgain() throws Exception {
        Files.writeString(notes.resolve("deploy.md"), "# Deploying\n\nThe release job DEPLOY_7731 pushes the image.");
        Files.createDirectories(notes.resolve("sub"));
        Files.writeString(notes.resolve("sub/pets.txt"), "Our office dog is called Biscuit and loves long walks.");
        Files.createDirectories(notes.resolve(".git"));
        Files.writeString(notes.resolve(".git/config"), "[core] hidden = yes");
        Files.write(notes.resolve("photo.jpg"), new byte[] {1, 2, 3});
        long collection;
        List<EngineEvent.KnowledgeProgress> first = new CopyOnWriteArrayList<>();
        try (TestApp app = start(first)) {
            KnowledgeCollection notesCollection = app.engine().knowledge().createCollection("Notes", "");
            collection = notesCollection.id();
            List<KnowledgeDocument> added = app.engine().knowledge().addPath(collection, notes);
            assertThat(added)
                    .as("hidden folders and files it cannot read are left out")
                    .extracting(KnowledgeDocument::name)
                    .containsExactly("deploy.md", "pets.txt");
            awaitAllReady(app, collection);
            assertThat(found(app, "DEPLOY_7731")).first().isEqualTo("deploy.md");
            assertThat(app.engine().knowledge().addPath(collection, notes))
                    .as("added again, nothing changed")
                    .allMatch(d -> d.status() == DocumentStatus.READY);
        }

        List<EngineEvent.KnowledgeProgress> second = new CopyOnWriteArrayList<>();
        try (TestApp app = start(second)) {
            assertThat(found(app, "DEPLOY_7731")).first().isEqualTo("deploy.md");
            assertThat(found(app, "a pet that likes to go for walks")).first().isEqualTo("pets.txt");
            assertThat(second).as("nothing is read or embedded again at start").isEmpty();

            // A changed file is indexed again, a deleted one removed.
            Files.writeString(notes.resolve("deploy.md"), "# Deploying\n\nThe release job ROLLOUT_9902 ships it.");
            Files.setLastModifiedTime(
                    notes.resolve("deploy.md"),
                    java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            Files.delete(notes.resolve("sub/pets.txt"));
            assertThat(app.engine().knowledge().rescan()).isEqualTo(2);
            awaitAllReady(app, collection);
            assertThat(app.engine().knowledge().documents(collection))
                    .extracting(KnowledgeDocument::name)
                    .containsExactly("deploy.md");
            assertThat(found(app, "ROLLOUT_9902")).first().isEqualTo("deploy.md");
            assertThat(found(app, "DEPLOY_7731")).doesNotContain("pets.txt");
        }

        // The index is derived: lost, it is rebuilt from the database at start, again without embedding.
        try (var files = Files.walk(dataDir.resolve("knowledge").resolve("index"))) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
        List<EngineEvent.KnowledgeProgress> third = new CopyOnWriteArrayList<>();
        try (TestApp app = start(third)) {
            assertThat(found(app, "ROLLOUT_9902")).first().isEqualTo("deploy.md");
            assertThat(third).isEmpty();
        }
    }
}
