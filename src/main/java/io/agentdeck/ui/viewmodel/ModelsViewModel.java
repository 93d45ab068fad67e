package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.Engine;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.llm.LocalModel;
import io.agentdeck.engine.llm.ModelFileStatus;
import io.agentdeck.ui.BackgroundTasks;
import io.agentdeck.ui.DialogService;
import io.agentdeck.ui.FxBridge;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Models page: the GGUF files of the models folder with their size, quantization, context length and status (live,
 * from {@code model_progress}); adding one from this computer, downloading one from an address (with an optional
 * SHA-256), using one for every agent, and deleting one. The first-run panel's "Use a model file on this computer" is
 * {@link #useModelFile()}: pick, copy, and use it, in one go. Engine calls run on the background executor.
 */
public final class ModelsViewModel {
    private final Engine engine;
    private final BackgroundTasks work;
    private final DialogService dialogs;
    /** Told when a model was put to use, so the window can leave the first-run panel for the chat. */
    private final Runnable onModelChanged;

    private final BackgroundTasks.Latest loading = new BackgroundTasks.Latest();

    private final ObservableList<ModelRow> models = FXCollections.observableArrayList();
    private final StringProperty downloadUrl = new SimpleStringProperty("");
    private final StringProperty downloadSha256 = new SimpleStringProperty("");
    private final BooleanBinding canDownload;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    /** A model picked on the first-run panel, to be used as soon as its copy has arrived. */
    private Optional<String> useWhenArrived = Optional.empty();
    /** A download started here, to be reported when it has arrived or failed. */
    private Optional<WatchedDownload> downloadWatched = Optional.empty();

    /** The model a download makes, and whether a SHA-256 was given to check it against. */
    private record WatchedDownload(String modelId, boolean checked) {}

    public ModelsViewModel(
            Engine engine, FxBridge bridge, Executor background, DialogService dialogs, Runnable onModelChanged) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.work = new BackgroundTasks(Objects.requireNonNull(background, "background"), bridge.fx());
        this.dialogs = dialogs;
        this.onModelChanged = onModelChanged;
        this.canDownload =
                Bindings.createBooleanBinding(() -> !downloadUrl.get().isBlank(), downloadUrl);
        bridge.addListener(this::onEvent);
    }

    /** The model files, in the order of their names; the one in use is marked. */
    public ObservableList<ModelRow> models() {
        return models;
    }

    /** The address of a GGUF file to download. */
    public StringProperty downloadUrlProperty() {
        return downloadUrl;
    }

    /** The SHA-256 the download must have, or blank to skip the check. */
    public StringProperty downloadSha256Property() {
        return downloadSha256;
    }

    public BooleanBinding canDownloadProperty() {
        return canDownload;
    }

    /** Why the last command failed, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What the last command did ("Tiny Llama is now used by every agent."), or empty. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** True while a model is being loaded to be put to use (a large one takes seconds). */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Reads the models folder. */
    public void load() {
        work.call(() -> rows(engine.models().list(), engine.activeLocalModel()))
                .onlyIfLatest(loading)
                .onSuccess(models::setAll)
                .onFailure(this::failed)
                .start("Reading the models folder");
    }

    /** Asks for GGUF files with the system's picker and copies them into the models folder. */
    public void addFiles() {
        add(dialogs.chooseFiles("Add a model file (.gguf)"), false);
    }

    /**
     * The first-run way to a model: pick a GGUF file, copy it into the models folder and, once it has arrived, use it
     * for every agent.
     */
    public void useModelFile() {
        add(dialogs.chooseFiles("Choose a model file (.gguf) to use"), true);
    }

    private void add(List<Path> files, boolean useIt) {
        if (files.isEmpty()) {
            return;
        }
        clearMessages();
        work.call(() -> files.stream()
                        .map(file -> engine.models().addFile(file))
                        .toList())
                .onSuccess(added -> {
                    if (useIt) {
                        useWhenArrived = Optional.of(added.getFirst().id());
                        notice.set("Copying " + added.getFirst().name() + " into the models folder; it is used as soon"
                                + " as it has arrived.");
                        useIfArrived(added.getFirst());
                        // A small file may have arrived, and its event been handled, before the line above marked it:
                        // read its status again now that it is marked, or it would never be put to use.
                        String id = added.getFirst().id();
                        work.call(() -> engine.models().get(id))
                                .onSuccess(this::useIfArrived)
                                .onFailure(this::failed)
                                .start("Reading model " + id);
                    }
                    load();
                })
                .onFailure(this::failed)
                .start("Adding model files");
    }

    /** Starts downloading the model at the address given, or resumes its download. */
    public void download() {
        String address = downloadUrl.get().strip();
        String sha256 = downloadSha256.get().strip();
        if (address.isEmpty()) {
            return;
        }
        clearMessages();
        URI url;
        try {
            url = URI.create(address);
        } catch (IllegalArgumentException e) {
            error.set("That is not a web address: " + address);
            return;
        }
        work.call(() -> engine.models().download(url, sha256.isEmpty() ? Optional.empty() : Optional.of(sha256)))
                .onSuccess(started -> {
                    downloadUrl.set("");
                    downloadSha256.set("");
                    notice.set("Downloading " + started.name() + "; it can be resumed if it is cut.");
                    downloadWatched = Optional.of(new WatchedDownload(started.id(), !sha256.isEmpty()));
                    load();
                })
                .onFailure(this::failed)
                .start("Starting a model download");
    }

    /** Makes the model the one every agent uses; one that cannot run is refused with the reason. */
    public void activate(ModelRow row) {
        if (row == null || row.status() != ModelFileStatus.READY) {
            return;
        }
        clearMessages();
        busy.set(true);
        work.call(() -> engine.activateLocalModel(row.id()))
                .onSuccess(settings -> {
                    busy.set(false);
                    notice.set(row.name() + " is now the model every agent uses.");
                    load();
                    onModelChanged.run();
                })
                .onFailure(e -> {
                    busy.set(false);
                    failed(e);
                })
                .start("Using model " + row.id());
    }

    /** Deletes a model file (or stops its download), after asking. */
    public void delete(ModelRow row) {
        if (row == null
                || !dialogs.confirm(new DialogService.Confirmation(
                        "Delete model",
                        "Delete " + row.name() + "?",
                        "Its file leaves the models folder (" + row.sizeText() + " freed)."))) {
            return;
        }
        clearMessages();
        work.run(() -> engine.deleteLocalModel(row.id()))
                .onSuccess(done -> models.removeIf(model -> model.id().equals(row.id())))
                .onFailure(this::failed)
                .start("Deleting model " + row.id());
    }

    private void clearMessages() {
        error.set("");
        notice.set("");
    }

    private void failed(Throwable e) {
        error.set(ChatViewModel.explain(e));
    }

    private void useIfArrived(LocalModel model) {
        if (model.status() == ModelFileStatus.READY
                && useWhenArrived.filter(model.id()::equals).isPresent()) {
            useWhenArrived = Optional.empty();
            activate(ModelRow.of(model, false));
        }
    }

    private void reportDownload(LocalModel model) {
        Optional<WatchedDownload> watched =
                downloadWatched.filter(download -> download.modelId().equals(model.id()));
        if (watched.isEmpty()) {
            return;
        }
        downloadWatched = Optional.empty();
        if (model.status() == ModelFileStatus.READY) {
            error.set("");
            notice.set(model.name() + " has arrived" + (watched.get().checked() ? " and its SHA-256 matches" : "")
                    + "; use it for all agents when you like.");
        } else if (model.status() == ModelFileStatus.FAILED) {
            notice.set("");
            error.set(
                    model.name() + " could not be downloaded: " + model.error().orElse("") + ".");
        }
    }

    private void onEvent(EngineEvent event) {
        if (!(event instanceof EngineEvent.ModelProgress progress)) {
            return;
        }
        if (progress.status() != ModelFileStatus.DOWNLOADING) {
            // Arrived or failed: read the header (name, quantization, context) and the reason afresh.
            String id = progress.modelId();
            work.call(() -> engine.models().get(id))
                    .onSuccess(model -> {
                        if (model.status() == ModelFileStatus.FAILED
                                && useWhenArrived.filter(id::equals).isPresent()) {
                            useWhenArrived = Optional.empty();
                            notice.set("");
                            error.set(model.name() + " could not be added: "
                                    + model.error().orElse("") + ".");
                        }
                        reportDownload(model);
                        useIfArrived(model);
                        load();
                    })
                    .onFailure(e -> load())
                    .start("Reading model " + id);
            return;
        }
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i).id().equals(progress.modelId())) {
                models.set(i, models.get(i).withProgress(progress.bytes(), progress.total()));
                return;
            }
        }
        load(); // started elsewhere (the API)
    }

    private static List<ModelRow> rows(List<LocalModel> found, Optional<String> active) {
        return found.stream()
                .map(model ->
                        ModelRow.of(model, active.filter(model.id()::equals).isPresent()))
                .toList();
    }
}
