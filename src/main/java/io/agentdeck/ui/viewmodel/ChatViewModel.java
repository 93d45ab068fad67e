package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.chat.Citation;
import io.agentdeck.engine.chat.MessagePage;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.chat.Reply;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.knowledge.KnowledgeDocument;
import io.agentdeck.engine.turn.TokenListener;
import io.agentdeck.ui.BackgroundTasks;
import io.agentdeck.ui.DialogService;
import io.agentdeck.ui.FxBridge;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The chat with the selected agent's selected thread (see {@link ThreadsViewModel}): its history, the input, a streaming draft of the reply
 * being written, and the commands send and stop. State changes on the FX side; engine calls run on the background
 * executor.
 */
public final class ChatViewModel {
    /** Messages loaded when a thread opens, and per step when the user scrolls up to older ones. */
    static final int HISTORY_LIMIT = 200;

    static final String STOPPED = "Stopped.";

    /** Tokens reach the draft through the {@link FxBridge}, coalesced per pulse; this listener only asks to stream. */
    private static final TokenListener STREAM = (seq, delta) -> {};

    private final Engine engine;
    private final BackgroundTasks work;
    /** Where replies, which complete on the agent's lane, are brought to. */
    private final Executor fx;

    private final ObservableList<ChatBubble> messages = FXCollections.observableArrayList();
    private final StringProperty inputText = new SimpleStringProperty("");
    /** Where the open chat is; {@code busy} and {@code agentOpen} are views of it for the controls. */
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.NO_AGENT);

    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper agentOpen = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper hasOlder = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper agentName = new ReadOnlyStringWrapper("");
    private final BooleanBinding canSend;
    /** The agents answering a message sent from here, with the thread it went to and the request's id. */
    private final Map<Long, Sending> sending = new HashMap<>();

    private final ThreadsViewModel threads;
    private final FindViewModel find;
    private Optional<Long> agentId = Optional.empty();
    private Optional<Long> conversationId = Optional.empty();
    /** The id of the oldest loaded message: where loading older ones continues. */
    private Optional<Long> oldestLoaded = Optional.empty();

    private boolean loadingOlder;
    /** Loads of the shown thread's messages: opening another thread or agent makes the ones under way stale. */
    private final BackgroundTasks.Latest historyLoads = new BackgroundTasks.Latest();
    /** Look-ups of a cited document: a source clicked later wins over one still being looked up. */
    private final BackgroundTasks.Latest sourceLookups = new BackgroundTasks.Latest();

    /** The chat's one state; every control's enabled or shown state follows from it. */
    public enum State {
        /** No agent is selected: nothing can be sent. */
        NO_AGENT,
        /** The thread's messages are being read; a message can already be sent. */
        LOADING,
        /** The thread is shown and a message can be sent. */
        READY,
        /** The open agent is answering a message sent from here; Stop works, sending waits. */
        ANSWERING
    }

    public ChatViewModel(Engine engine, FxBridge bridge, Executor background, DialogService dialogs) {
        this.engine = engine;
        this.work = new BackgroundTasks(background, bridge.fx());
        this.fx = bridge.fx();
        busy.bind(state.isEqualTo(State.ANSWERING));
        agentOpen.bind(state.isNotEqualTo(State.NO_AGENT));
        this.canSend = Bindings.createBooleanBinding(
                () -> (state.get() == State.READY || state.get() == State.LOADING)
                        && !inputText.get().isBlank(),
                state,
                inputText);
        this.threads = new ThreadsViewModel(engine, background, bridge.fx(), dialogs);
        this.find = new FindViewModel(messages, hasOlder, this::countOlderMatches, () -> loadOlder(added -> {}));
        threads.selectedThreadProperty().addListener((observable, previous, thread) -> showThread(thread));
        bridge.addListener(this::onEvent);
    }

    public ThreadsViewModel threads() {
        return threads;
    }

    /** Find in the thread (Ctrl+F). */
    public FindViewModel find() {
        return find;
    }

    /** Whether the thread has messages older than the loaded ones. */
    public ReadOnlyBooleanProperty hasOlderProperty() {
        return hasOlder.getReadOnlyProperty();
    }

    public ObservableList<ChatBubble> messages() {
        return messages;
    }

    public StringProperty inputTextProperty() {
        return inputText;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public boolean isBusy() {
        return busy.get();
    }

    public ReadOnlyStringProperty agentNameProperty() {
        return agentName.getReadOnlyProperty();
    }

    public BooleanBinding canSendProperty() {
        return canSend;
    }

    /** Opens the agent's default conversation (or nothing), loading its history and its threads in the background. */
    public void open(Optional<AgentItemViewModel> agent) {
        agentId = agent.map(AgentItemViewModel::id);
        conversationId = Optional.empty();
        agentName.set(agent.map(AgentItemViewModel::name).orElse(""));
        state.set(
                agentId.isEmpty()
                        ? State.NO_AGENT
                        : sending.containsKey(agentId.get()) ? State.ANSWERING : State.LOADING);
        loadHistory();
        threads.open(agentId);
    }

    /** Switches to another thread of the open agent; a cleared selection keeps the current one. */
    private void showThread(ThreadsViewModel.Item thread) {
        if (thread == null || agentId.isEmpty()) {
            return;
        }
        Optional<Long> conversation = thread.isDefault() ? Optional.empty() : Optional.of(thread.id());
        if (!conversation.equals(conversationId)) {
            conversationId = conversation;
            loadHistory();
        }
    }

    private void loadHistory() {
        find.reset();
        messages.clear();
        hasOlder.set(false);
        oldestLoaded = Optional.empty();
        loadingOlder = false;
        historyLoads.invalidate();
        Optional<Long> conversation = conversationId;
        agentId.ifPresent(id -> {
            if (state.get() == State.READY) {
                state.set(State.LOADING);
            }
            work.call(() -> engine.history(id, conversation, Optional.empty(), HISTORY_LIMIT))
                    .onlyIfLatest(historyLoads)
                    .onSuccess(page -> {
                        messages.setAll(
                                page.messages().stream().map(ChatBubble::of).toList());
                        showedPage(page);
                        find.historyShown();
                        historyDone();
                    })
                    .onFailure(e -> {
                        messages.setAll(new ChatBubble(ChatBubble.Kind.ERROR, explain(e), false));
                        historyDone();
                    })
                    .start("Loading the history of agent " + id);
        });
    }

    private void historyDone() {
        if (state.get() == State.LOADING) {
            state.set(State.READY);
        }
    }

    /**
     * Loads the next older page in front of the loaded messages; {@code onLoaded} gets how many were added so the
     * view can keep the row the user was looking at in place. Does nothing while a load runs or when nothing is older.
     */
    public void loadOlder(IntConsumer onLoaded) {
        if (!hasOlder.get() || loadingOlder || agentId.isEmpty() || oldestLoaded.isEmpty()) {
            return;
        }
        loadingOlder = true;
        long id = agentId.get();
        Optional<Long> conversation = conversationId;
        Optional<Long> before = oldestLoaded;
        // Under the same Latest as the whole history: opening another thread drops an older page still on its way.
        work.call(() -> engine.history(id, conversation, before, HISTORY_LIMIT))
                .onlyIfLatest(historyLoads)
                .onSuccess(page -> {
                    loadingOlder = false;
                    messages.addAll(
                            0, page.messages().stream().map(ChatBubble::of).toList());
                    showedPage(page);
                    find.olderShown(page.messages().size());
                    onLoaded.accept(page.messages().size());
                })
                .onFailure(e -> {
                    loadingOlder = false;
                    hasOlder.set(false);
                    messages.addFirst(new ChatBubble(ChatBubble.Kind.ERROR, explain(e), false));
                    find.olderShown(0);
                })
                .start("Loading older messages of agent " + id);
    }

    /** Counts, in the database, the messages older than the loaded ones that contain the query. */
    private void countOlderMatches(String query, Consumer<OptionalLong> onCount) {
        if (agentId.isEmpty() || oldestLoaded.isEmpty()) {
            onCount.accept(OptionalLong.of(0));
            return;
        }
        long id = agentId.get();
        Optional<Long> conversation = conversationId;
        Optional<Long> before = oldestLoaded;
        work.call(() -> engine.countMatches(id, conversation, before, query))
                .onSuccess(count -> onCount.accept(OptionalLong.of(count)))
                .onFailure(e -> onCount.accept(OptionalLong.empty()))
                .start("Searching the older messages of agent " + id);
    }

    private void showedPage(MessagePage page) {
        if (!page.messages().isEmpty()) {
            oldestLoaded = Optional.of(page.messages().getFirst().id());
        }
        hasOlder.set(page.hasMore() && !page.messages().isEmpty());
    }

    /** Sends the input to the open agent and streams the answer into a draft bubble. */
    public void send() {
        if (!canSend.get()) {
            return;
        }
        long id = agentId.orElseThrow();
        String text = inputText.get().strip();
        inputText.set("");
        messages.add(ChatBubble.sent(text, Instant.now()));
        Optional<Long> conversation = conversationId;
        // Tokens are matched by this id: another client's message to the same thread streams elsewhere, not here.
        String requestId = "desktop-" + UUID.randomUUID();
        sending.put(id, new Sending(conversation, requestId));
        state.set(State.ANSWERING);
        // Admission (storing the question) runs in the background; the reply itself arrives later, by the future.
        work.call(() -> engine.sendMessageAsync(
                        MessageRequest.of(id, text).inConversation(conversation).withRequestId(Optional.of(requestId)),
                        Optional.of(STREAM)))
                .onSuccess(pending -> pending.whenComplete(
                        (reply, failure) -> fx.execute(() -> finish(id, conversation, text, reply, failure))))
                .onFailure(e -> finish(id, conversation, text, null, e))
                .start("Sending a message to agent " + id);
    }

    /** Stops the open agent's running reply and its queued messages. */
    public void stop() {
        agentId.ifPresent(id -> work.run(() -> engine.cancel(id)).start("Stopping agent " + id));
    }

    /** Sends the text of a failed message again; the error bubble goes away. */
    public void retry(ChatBubble failed) {
        if (!failed.canRetry() || !canSendIgnoringInput() || !messages.contains(failed)) {
            return;
        }
        messages.remove(failed);
        inputText.set(failed.retryText().orElseThrow());
        send();
    }

    /**
     * Looks up the document a citation of an answer points to and hands {@code show} what to show for it, on the FX
     * side: the stored passage always, the file to open when it is still there, a notice when the document was
     * deleted from the knowledge base or its file is gone. Only the source asked for last is shown.
     */
    public void showSource(Citation citation, Consumer<SourcePreview> show) {
        work.call(() -> previewOf(citation))
                .onlyIfLatest(sourceLookups)
                .onSuccess(show)
                .onFailure(e -> show.accept(SourcePreview.of(citation, Optional.empty(), Optional.of(explain(e)))))
                .start("Looking up the source " + citation.document());
    }

    private SourcePreview previewOf(Citation citation) {
        KnowledgeDocument document;
        try {
            document = engine.knowledge().document(citation.documentId());
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return SourcePreview.of(citation, Optional.empty(), Optional.of(SourcePreview.DOCUMENT_GONE));
            }
            throw e;
        }
        if (document.sourcePath().isEmpty()) {
            return SourcePreview.of(citation, Optional.empty(), Optional.empty());
        }
        String source = document.sourcePath().get();
        Optional<Path> file = pathOf(source).filter(Files::isRegularFile);
        if (file.isEmpty()) {
            return SourcePreview.of(
                    citation, Optional.empty(), Optional.of("The file is no longer at " + source + "."));
        }
        URI uri = file.get().toAbsolutePath().toUri();
        return SourcePreview.of(citation, Optional.of(uri), Optional.empty());
    }

    private static Optional<Path> pathOf(String source) {
        try {
            return Optional.of(Path.of(source));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private void finish(long id, Optional<Long> conversation, String text, Reply reply, Throwable failure) {
        sending.remove(id);
        if (agentId.isEmpty() || agentId.get() != id) {
            return; // The history shows the outcome when that agent is opened again.
        }
        state.set(State.READY);
        if (!conversation.equals(conversationId)) {
            return; // The history shows the outcome when that thread is opened again.
        }
        if (!messages.isEmpty() && messages.getLast().streaming()) {
            messages.removeLast();
        }
        if (failure == null) {
            messages.add(ChatBubble.of(reply.reply()));
        } else if (isCancellation(failure)) {
            messages.add(new ChatBubble(ChatBubble.Kind.SYSTEM, STOPPED, false));
        } else {
            messages.add(ChatBubble.failed(explain(failure), text, Instant.now()));
        }
    }

    private void onEvent(EngineEvent event) {
        if (event instanceof EngineEvent.ToolCallFinished call && isShownRequest(call.agentId(), call.requestId())) {
            // The card goes before the answer's draft: the agent called the tool before writing what follows.
            ChatBubble card = ChatBubble.of(call.toolMessage());
            if (!messages.isEmpty() && messages.getLast().streaming()) {
                messages.add(messages.size() - 1, card);
            } else {
                messages.add(card);
            }
            return;
        }
        if (event instanceof EngineEvent.TokenStreamed token
                && agentId.isPresent()
                && agentId.get() == token.agentId()
                && isShownDraft(token)) {
            if (!messages.isEmpty() && messages.getLast().streaming()) {
                messages.set(messages.size() - 1, messages.getLast().append(token.delta()));
            } else {
                messages.add(new ChatBubble(ChatBubble.Kind.AGENT, token.delta(), true));
            }
        }
    }

    private boolean canSendIgnoringInput() {
        return state.get() == State.READY || state.get() == State.LOADING;
    }

    /** Whether the token belongs to the request sent from here that the open thread is waiting for. */
    private boolean isShownDraft(EngineEvent.TokenStreamed token) {
        return isShownRequest(token.agentId(), token.requestId());
    }

    private boolean isShownRequest(long eventAgentId, Optional<String> requestId) {
        Sending request = sending.get(eventAgentId);
        return request != null
                && agentId.isPresent()
                && agentId.get() == eventAgentId
                && request.conversation().equals(conversationId)
                && requestId.equals(Optional.of(request.requestId()));
    }

    /** A message sent from here that its agent is answering. */
    private record Sending(Optional<Long> conversation, String requestId) {}

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static boolean isCancellation(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof CancellationException
                || (cause instanceof EngineException e && e.kind() == ErrorKind.CANCELLED);
    }

    static String explain(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof EngineException e) {
            return e.hint() == null || e.hint().isBlank() ? e.getMessage() : e.getMessage() + "\n" + e.hint();
        }
        return "Something went wrong; the log file has the details.";
    }
}
