package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.Engine;
import io.agentdeck.engine.chat.Conversation;
import io.agentdeck.ui.BackgroundTasks;
import io.agentdeck.ui.DialogService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The chat threads (conversations) of the open agent: the default thread first, which one is selected, and the
 * commands create, rename and delete. State changes on the FX side; engine calls run on the background executor.
 */
public final class ThreadsViewModel {
    static final String NEW_THREAD_TITLE = "New thread";

    /** One thread as the selector shows it. */
    public record Item(long id, String title, boolean isDefault) {
        static Item of(Conversation conversation) {
            return new Item(conversation.id(), conversation.title(), conversation.isDefault());
        }

        @Override
        public String toString() {
            return title;
        }
    }

    private final Engine engine;
    private final DialogService dialogs;
    private final BackgroundTasks work;
    /** Loads of the thread list: opening another agent or a newer command makes older ones stale. */
    private final BackgroundTasks.Latest loading = new BackgroundTasks.Latest();

    private final ObservableList<Item> threads = FXCollections.observableArrayList();
    private final ObjectProperty<Item> selectedThread = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper open = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanBinding canEdit;
    private final BooleanBinding canDelete;
    private Optional<Long> agentId = Optional.empty();

    public ThreadsViewModel(Engine engine, Executor background, Executor fx, DialogService dialogs) {
        this.engine = engine;
        this.dialogs = dialogs;
        this.work = new BackgroundTasks(background, fx);
        this.canEdit =
                Bindings.createBooleanBinding(() -> open.get() && selectedThread.get() != null, open, selectedThread);
        this.canDelete = Bindings.createBooleanBinding(
                () -> canEdit.get() && !selectedThread.get().isDefault(), canEdit, selectedThread);
    }

    public ObservableList<Item> threads() {
        return threads;
    }

    public ObjectProperty<Item> selectedThreadProperty() {
        return selectedThread;
    }

    /** The selected thread for the engine: empty means the default thread. */
    public Optional<Long> conversationId() {
        Item item = selectedThread.get();
        return item == null || item.isDefault() ? Optional.empty() : Optional.of(item.id());
    }

    public ReadOnlyBooleanProperty openProperty() {
        return open.getReadOnlyProperty();
    }

    /** Rename is possible when a thread is selected. */
    public BooleanBinding canEditProperty() {
        return canEdit;
    }

    /** Delete is possible for a selected thread that is not the default one. */
    public BooleanBinding canDeleteProperty() {
        return canDelete;
    }

    /** Why the last thread command failed, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Shows the threads of the given agent (or none), selecting its default thread. */
    public void open(Optional<Long> agent) {
        agentId = agent;
        open.set(agent.isPresent());
        error.set("");
        loading.invalidate();
        selectedThread.set(null);
        threads.clear();
        agent.ifPresent(id -> reload(id, () -> Optional.empty()));
    }

    /** Creates a thread for the open agent and selects it. */
    public void create() {
        agentId.ifPresent(id -> run(
                id,
                () -> Optional.of(
                        engine.createConversation(id, NEW_THREAD_TITLE).id())));
    }

    /** Renames the selected thread; blank titles are ignored. */
    public void rename(String title) {
        Item item = selectedThread.get();
        if (agentId.isEmpty() || item == null || title == null || title.isBlank()) {
            return;
        }
        run(
                agentId.get(),
                () -> Optional.of(engine.renameConversation(item.id(), title).id()));
    }

    /** Asks for a new title of the selected thread and renames it, unless the person cancels. */
    public void renameAfterAsking() {
        Item item = selectedThread.get();
        if (agentId.isEmpty() || item == null) {
            return;
        }
        dialogs.askText(new DialogService.TextQuestion("Rename thread", "Title:", item.title()))
                .ifPresent(this::rename);
    }

    /** Asks whether to delete the selected thread (never the default one) and deletes it if the person confirms. */
    public void deleteAfterConfirming() {
        Item item = selectedThread.get();
        if (agentId.isEmpty() || item == null || item.isDefault()) {
            return;
        }
        if (dialogs.confirm(new DialogService.Confirmation(
                "Delete thread", null, "Delete the thread \"" + item.title() + "\" and its messages?"))) {
            delete();
        }
    }

    /** Deletes the selected thread (never the default one) and falls back to the default thread. */
    public void delete() {
        Item item = selectedThread.get();
        if (agentId.isEmpty() || item == null || item.isDefault()) {
            return;
        }
        run(agentId.get(), () -> {
            engine.deleteConversation(item.id());
            return Optional.empty();
        });
    }

    /** Runs a command in the background, then reloads the threads selecting the one it returns (or the default). */
    private void run(long id, Supplier<Optional<Long>> command) {
        error.set("");
        reload(id, command);
    }

    private void reload(long id, Supplier<Optional<Long>> command) {
        work.call(() -> {
                    Optional<Long> select = command.get();
                    return new Listing(
                            engine.conversations(id).stream().map(Item::of).toList(), select);
                })
                .onlyIfLatest(loading)
                .onSuccess(listing -> show(listing.items(), listing.select()))
                .onFailure(e -> error.set(ChatViewModel.explain(e)))
                .start("A thread command for agent " + id);
    }

    /** The agent's threads after a command, and the one to select (else the default). */
    private record Listing(List<Item> items, Optional<Long> select) {}

    private void show(List<Item> items, Optional<Long> select) {
        threads.setAll(items);
        Item selected = items.stream()
                .filter(item -> select.map(id -> item.id() == id).orElse(item.isDefault()))
                .findFirst()
                .orElse(items.isEmpty() ? null : items.getFirst());
        selectedThread.set(selected);
    }
}
