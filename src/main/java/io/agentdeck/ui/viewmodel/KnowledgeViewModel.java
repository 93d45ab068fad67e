package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.Engine;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.knowledge.DocumentStatus;
import io.agentdeck.engine.knowledge.KnowledgeCollection;
import io.agentdeck.engine.knowledge.Passage;
import io.agentdeck.ui.BackgroundTasks;
import io.agentdeck.ui.DialogService;
import io.agentdeck.ui.FxBridge;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Knowledge page: collections, the selected collection's documents with their indexing progress (live, from
 * {@code knowledge_progress}), adding files and folders, deleting, and searching. Engine calls run on the background
 * executor; state changes on the FX side.
 */
public final class KnowledgeViewModel {
    /** A search hit as the page shows it: the document, where in it, and the passage. */
    public record SearchHit(String document, String location, String passage) {}

    private final Engine engine;
    private final BackgroundTasks work;
    private final DialogService dialogs;
    private final BackgroundTasks.Latest loadingDocuments = new BackgroundTasks.Latest();
    private final BackgroundTasks.Latest searching = new BackgroundTasks.Latest();

    private final ObservableList<KnowledgeCollection> collections = FXCollections.observableArrayList();
    private final ObjectProperty<KnowledgeCollection> selectedCollection = new SimpleObjectProperty<>();
    private final ObservableList<KnowledgeDocumentRow> documents = FXCollections.observableArrayList();
    private final StringProperty newCollectionName = new SimpleStringProperty("");
    private final BooleanBinding canCreateCollection;
    private final BooleanBinding canDeleteCollection;
    private final StringProperty query = new SimpleStringProperty("");
    private final ObservableList<SearchHit> results = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper searchStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper adding = new ReadOnlyBooleanWrapper(false);

    public KnowledgeViewModel(Engine engine, FxBridge bridge, Executor background, DialogService dialogs) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.work = new BackgroundTasks(Objects.requireNonNull(background, "background"), bridge.fx());
        this.dialogs = dialogs;
        this.canCreateCollection =
                Bindings.createBooleanBinding(() -> !newCollectionName.get().isBlank(), newCollectionName);
        // General is where every agent looks by default; the engine refuses to delete it, so the button says so first.
        this.canDeleteCollection = Bindings.createBooleanBinding(
                () -> selectedCollection.get() != null
                        && !selectedCollection.get().name().equals(KnowledgeCollection.GENERAL),
                selectedCollection);
        selectedCollection.addListener((observable, previous, collection) -> loadDocuments());
        bridge.addListener(this::onEvent);
    }

    public ObservableList<KnowledgeCollection> collections() {
        return collections;
    }

    public ObjectProperty<KnowledgeCollection> selectedCollectionProperty() {
        return selectedCollection;
    }

    /** The selected collection's documents, oldest first. */
    public ObservableList<KnowledgeDocumentRow> documents() {
        return documents;
    }

    public StringProperty newCollectionNameProperty() {
        return newCollectionName;
    }

    public BooleanBinding canCreateCollectionProperty() {
        return canCreateCollection;
    }

    /** A collection other than General is selected. */
    public BooleanBinding canDeleteCollectionProperty() {
        return canDeleteCollection;
    }

    public StringProperty queryProperty() {
        return query;
    }

    public ObservableList<SearchHit> results() {
        return results;
    }

    /** "3 passages found", "Nothing found", or empty before a search. */
    public ReadOnlyStringProperty searchStatusProperty() {
        return searchStatus.getReadOnlyProperty();
    }

    /** Why the last command failed, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True while files are being added (hashing large files takes a moment). */
    public ReadOnlyBooleanProperty addingProperty() {
        return adding.getReadOnlyProperty();
    }

    /** Reads the collections; the first (General) is selected when nothing is. */
    public void load() {
        work.call(() -> engine.knowledge().collections())
                .onSuccess(found -> {
                    Long selectedId = Optional.ofNullable(selectedCollection.get())
                            .map(KnowledgeCollection::id)
                            .orElse(null);
                    collections.setAll(found);
                    selectedCollection.set(found.stream()
                            .filter(c -> selectedId != null && c.id() == selectedId)
                            .findFirst()
                            .orElse(found.isEmpty() ? null : found.getFirst()));
                })
                .onFailure(e -> error.set(ChatViewModel.explain(e)))
                .start("Loading the knowledge collections");
    }

    public void createCollection() {
        String name = newCollectionName.get().strip();
        if (name.isEmpty()) {
            return;
        }
        error.set("");
        work.call(() -> engine.knowledge().createCollection(name, ""))
                .onSuccess(created -> {
                    newCollectionName.set("");
                    collections.add(created);
                    selectedCollection.set(created);
                })
                .onFailure(e -> error.set(ChatViewModel.explain(e)))
                .start("Creating a collection");
    }

    /** Deletes the selected collection and its documents, after asking. */
    public void deleteSelectedCollection() {
        KnowledgeCollection collection = selectedCollection.get();
        if (collection == null
                || !dialogs.confirm(new DialogService.Confirmation(
                        "Delete collection",
                        "Delete the collection " + collection.name() + "?",
                        "Its documents leave the knowledge base; the files on your disk stay."))) {
            return;
        }
        error.set("");
        work.run(() -> engine.knowledge().deleteCollection(collection.id()))
                .onSuccess(done -> {
                    selectedCollection.set(null);
                    load();
                })
                .onFailure(e -> error.set(ChatViewModel.explain(e)))
                .start("Deleting collection " + collection.id());
    }

    /** Asks for files with the system's picker and adds them to the selected collection. */
    public void addFiles() {
        if (selectedCollection.get() != null) {
            addPaths(dialogs.chooseFiles("Add documents"));
        }
    }

    /** Asks for a folder with the system's picker and adds what it holds to the selected collection. */
    public void addFolder() {
        if (selectedCollection.get() != null) {
            dialogs.chooseFolder("Add a folder of documents").ifPresent(folder -> addPaths(List.of(folder)));
        }
    }

    /** Adds files and folders (from the pickers or dropped on the page) to the selected collection. */
    public void addPaths(List<Path> paths) {
        KnowledgeCollection collection = selectedCollection.get();
        if (collection == null || paths.isEmpty()) {
            return;
        }
        error.set("");
        adding.set(true);
        work.call(() -> {
                    List<String> problems = new ArrayList<>();
                    for (Path path : paths) {
                        try {
                            engine.knowledge().addPath(collection.id(), path);
                        } catch (RuntimeException e) {
                            problems.add(ChatViewModel.explain(e));
                        }
                    }
                    return problems;
                })
                .onSuccess(problems -> {
                    adding.set(false);
                    error.set(String.join(" ", problems));
                    loadDocuments();
                })
                .onFailure(e -> {
                    adding.set(false);
                    error.set(ChatViewModel.explain(e));
                })
                .start("Adding documents");
    }

    public void deleteDocument(KnowledgeDocumentRow row) {
        if (row == null) {
            return;
        }
        error.set("");
        work.run(() -> engine.knowledge().deleteDocument(row.id()))
                .onSuccess(done -> documents.removeIf(d -> d.id() == row.id()))
                .onFailure(e -> error.set(ChatViewModel.explain(e)))
                .start("Deleting document " + row.id());
    }

    /** Searches the selected collection. */
    public void search() {
        String text = query.get().strip();
        KnowledgeCollection collection = selectedCollection.get();
        if (text.isEmpty()) {
            results.clear();
            searchStatus.set("");
            return;
        }
        Optional<Long> within = Optional.ofNullable(collection).map(KnowledgeCollection::id);
        work.call(() -> engine.knowledge().search(text, within, 8))
                .onlyIfLatest(searching)
                .onSuccess(found -> {
                    results.setAll(found.stream().map(KnowledgeViewModel::hit).toList());
                    searchStatus.set(
                            found.isEmpty()
                                    ? "Nothing found."
                                    : found.size() + (found.size() == 1 ? " passage found." : " passages found."));
                })
                .onFailure(e -> error.set(ChatViewModel.explain(e)))
                .start("Searching the knowledge base");
    }

    private static SearchHit hit(Passage passage) {
        // The heading is in the location already; the rest reads as one paragraph.
        String text = passage.text().replaceAll("(?m)^#{1,6}\\s.*$", "").strip().replaceAll("\\s+", " ");
        return new SearchHit(
                passage.source(),
                passage.locationText(),
                text.isEmpty() ? passage.text().strip() : text);
    }

    private void loadDocuments() {
        KnowledgeCollection collection = selectedCollection.get();
        if (collection == null) {
            loadingDocuments.invalidate();
            documents.clear();
            return;
        }
        work.call(() -> engine.knowledge().documents(collection.id()))
                .onlyIfLatest(loadingDocuments)
                .onSuccess(found -> documents.setAll(
                        found.stream().map(KnowledgeDocumentRow::of).toList()))
                .onFailure(e -> error.set(ChatViewModel.explain(e)))
                .start("Loading the documents of " + collection.name());
    }

    private void onEvent(EngineEvent event) {
        if (!(event instanceof EngineEvent.KnowledgeProgress progress)) {
            return;
        }
        KnowledgeCollection collection = selectedCollection.get();
        if (collection == null || collection.id() != progress.collectionId()) {
            return;
        }
        for (int i = 0; i < documents.size(); i++) {
            if (documents.get(i).id() == progress.documentId()) {
                documents.set(
                        i,
                        documents
                                .get(i)
                                .withProgress(
                                        progress.status(),
                                        progress.done(),
                                        progress.total(),
                                        progress.error().orElse("")));
                return;
            }
        }
        if (progress.status() == DocumentStatus.QUEUED) {
            loadDocuments(); // added elsewhere (the API, another window)
        }
    }
}
