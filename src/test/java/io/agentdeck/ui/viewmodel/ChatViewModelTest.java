package io.agentdeck.ui.viewmodel;

import static io.agentdeck.testing.Waits.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.agentdeck.LongThreads;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.chat.Citation;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.InlineShell;
import io.agentdeck.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@AppTest(initialized = false)
class ChatViewModelTest {
    private static final Executor NOW = InlineShell.INLINE;

    @FromApp
    private FakeOpenAiServer fake;

    @FromApp
    private TestApp app;

    @FromApp
    private InlineShell ui;

    private ChatViewModel chat;

    @BeforeEach
    void openTheChat() {
        chat = ui.shell().chat();
    }

    private List<String> texts() {
        return chat.messages().stream().map(ChatBubble::text).toList();
    }

    /** Opens a Generator thread of "Message 1" … "Message 10000"; its newest page is loaded. */
    private void openTenThousandMessageThread() {
        long thread =
                app.engine().createConversation(CoreAgents.GENERATOR_ID, "Long").id();
        LongThreads.fill(app.context(), CoreAgents.GENERATOR_ID, thread, 10_000);
        ui.shell().selectedAgentProperty().set(ui.shell().agents().get(2));
        chat.threads()
                .selectedThreadProperty()
                .set(chat.threads().threads().stream()
                        .filter(item -> item.id() == thread)
                        .findFirst()
                        .orElseThrow());
    }

    @Test
    void sendingShowsTheMessageAndTheStreamedAnswer() {
        chat.inputTextProperty().set("  hello there \n");
        assertThat(chat.canSendProperty().get()).isTrue();

        chat.send();

        assertThat(chat.inputTextProperty().get()).as("the input is cleared").isEmpty();
        assertThat(chat.messages().getFirst().kind()).isEqualTo(ChatBubble.Kind.USER);
        assertThat(chat.messages().getFirst().text()).isEqualTo("hello there");
        assertThat(chat.messages().getFirst().at())
                .as("the sent message has its time")
                .isPresent();
        await().atMost(WAIT).until(() -> !chat.isBusy());
        assertThat(chat.messages())
                .extracting(ChatBubble::kind, ChatBubble::text, ChatBubble::streaming)
                .containsExactly(
                        tuple(ChatBubble.Kind.USER, "hello there", false),
                        tuple(ChatBubble.Kind.AGENT, "Echo: hello there", false));
        assertThat(chat.messages().getLast().at()).isPresent();
        assertThat(fake.lastRequest().stream()).as("the reply was streamed").isTrue();
    }

    @Test
    void theStateGoesFromNoAgentThroughReadyToAnsweringAndBack() {
        ChatViewModel fresh = new ShellViewModel(app.engine(), ui.bridge(), NOW, ui.dialogs()).chat();
        assertThat(fresh.stateProperty().get()).isEqualTo(ChatViewModel.State.NO_AGENT);
        assertThat(fresh.canSendProperty().get()).isFalse();

        assertThat(chat.stateProperty().get()).as("the shell opened the Driver").isEqualTo(ChatViewModel.State.READY);
        fake.enqueue(FakeReply.text("slow answer").tokenDelay(Duration.ofMillis(50)));
        List<ChatViewModel.State> seen = new CopyOnWriteArrayList<>();
        chat.stateProperty().addListener((observable, previous, now) -> seen.add(now));
        chat.inputTextProperty().set("hi");
        chat.send();

        assertThat(chat.stateProperty().get()).isEqualTo(ChatViewModel.State.ANSWERING);
        assertThat(chat.isBusy()).isTrue();
        chat.inputTextProperty().set("another");
        assertThat(chat.canSendProperty().get()).as("one message at a time").isFalse();
        await().atMost(WAIT).until(() -> chat.stateProperty().get() == ChatViewModel.State.READY);
        assertThat(seen).containsExactly(ChatViewModel.State.ANSWERING, ChatViewModel.State.READY);
        assertThat(chat.canSendProperty().get()).isTrue();
    }

    @Test
    void theDraftGrowsTokenByTokenAndIsReplacedByTheStoredReply() {
        fake.enqueue(FakeReply.text("one two three four").tokenDelay(Duration.ofMillis(30)));
        List<ChatBubble> drafts = new CopyOnWriteArrayList<>();
        chat.messages().addListener((ListChangeListener<ChatBubble>) change -> {
            while (change.next()) {
                change.getAddedSubList().stream().filter(ChatBubble::streaming).forEach(drafts::add);
            }
        });
        chat.inputTextProperty().set("count");

        chat.send();

        await().atMost(WAIT).until(() -> !chat.isBusy());
        assertThat(drafts).extracting(ChatBubble::text).contains("one ", "one two ", "one two three ");
        assertThat(chat.messages()).noneMatch(ChatBubble::streaming);
        assertThat(texts()).containsExactly("count", "one two three four");
    }

    @Test
    void theDraftFollowsOnlyTheRequestSentFromTheWindow() {
        // Another client's message to the same thread is answered first; its tokens must not enter the draft.
        fake.enqueue(
                FakeReply.text("tokens for somebody else").tokenDelay(Duration.ofMillis(30)),
                FakeReply.text("my own answer").tokenDelay(Duration.ofMillis(20)));
        List<String> otherClientTokens = new CopyOnWriteArrayList<>();
        var otherClient = app.engine()
                .sendMessageAsync(
                        MessageRequest.of(CoreAgents.DRIVER_ID, "from the API").withRequestId(Optional.of("api-1")),
                        Optional.of((seq, delta) -> otherClientTokens.add(delta)));
        await().atMost(WAIT).until(() -> !otherClientTokens.isEmpty());
        List<ChatBubble> drafts = new CopyOnWriteArrayList<>();
        chat.messages().addListener((ListChangeListener<ChatBubble>) change -> {
            while (change.next()) {
                change.getAddedSubList().stream().filter(ChatBubble::streaming).forEach(drafts::add);
            }
        });
        chat.inputTextProperty().set("mine");

        chat.send();

        await().atMost(WAIT).until(() -> !chat.isBusy());
        assertThat(otherClient.join().text()).isEqualTo("tokens for somebody else");
        assertThat(drafts)
                .isNotEmpty()
                .allSatisfy(draft -> assertThat(draft.text()).doesNotContain("somebody"));
        assertThat(texts()).containsExactly("mine", "my own answer");
    }

    @Test
    void aFailingModelShowsAnErrorBubble() {
        fake.enqueue(FakeReply.badRequest("this model does not exist"));
        chat.inputTextProperty().set("hello");

        chat.send();

        await().atMost(WAIT).until(() -> !chat.isBusy());
        assertThat(chat.messages()).hasSize(2);
        assertThat(chat.messages().getLast().kind()).isEqualTo(ChatBubble.Kind.ERROR);
        // What went wrong, then what to do about it: the engine's message and hint, never a stack trace.
        assertThat(chat.messages().getLast().text())
                .isEqualTo("The model provider answered with HTTP 400.\n" + ErrorKind.PROVIDER_ERROR.defaultHint());
        assertThat(chat.messages().getLast().retryText()).contains("hello");
    }

    @Test
    void retryingAFailedMessageSendsItAgainAndDropsTheErrorBubble() {
        fake.enqueue(FakeReply.badRequest("this model does not exist"));
        chat.inputTextProperty().set("try again");
        chat.send();
        await().atMost(WAIT).until(() -> !chat.isBusy());
        ChatBubble error = chat.messages().getLast();
        assertThat(error.canRetry()).isTrue();

        chat.retry(error);

        await().atMost(WAIT).until(() -> !chat.isBusy());
        assertThat(texts()).containsExactly("try again", "try again", "Echo: try again");
        assertThat(chat.messages()).noneMatch(bubble -> bubble.kind() == ChatBubble.Kind.ERROR);
        assertThat(chat.inputTextProperty().get()).isEmpty();
    }

    @Test
    void aLongThreadLoadsTheNewestPageAndOlderPagesOnRequest() {
        openTenThousandMessageThread();

        assertThat(chat.messages()).hasSize(ChatViewModel.HISTORY_LIMIT);
        assertThat(texts().getLast()).isEqualTo("Message 10000");
        assertThat(texts().getFirst()).isEqualTo("Message 9801");
        assertThat(chat.hasOlderProperty().get()).isTrue();

        List<Integer> added = new CopyOnWriteArrayList<>();
        chat.loadOlder(added::add);

        assertThat(added).containsExactly(ChatViewModel.HISTORY_LIMIT);
        assertThat(chat.messages()).hasSize(2 * ChatViewModel.HISTORY_LIMIT);
        assertThat(texts().getFirst()).isEqualTo("Message 9601");
        assertThat(texts().get(ChatViewModel.HISTORY_LIMIT)).isEqualTo("Message 9801");
        for (int page = 2; page < 10_000 / ChatViewModel.HISTORY_LIMIT; page++) {
            chat.loadOlder(added::add);
        }
        assertThat(chat.messages()).hasSize(10_000);
        assertThat(texts().getFirst()).isEqualTo("Message 1");
        assertThat(chat.hasOlderProperty().get()).isFalse();
        chat.loadOlder(added::add);
        assertThat(chat.messages()).as("nothing older to load").hasSize(10_000);
    }

    @Test
    void findWalksThroughTheMatchesNewestFirst() {
        for (String text : List.of("apple pie", "banana", "Apple juice")) {
            chat.inputTextProperty().set(text);
            chat.send();
            await().atMost(WAIT).until(() -> !chat.isBusy());
        }
        FindViewModel find = chat.find();
        find.queryProperty().set("APPLE");

        // user "apple pie", echo, "banana", echo, "Apple juice", echo: matches at 0, 1, 4, 5.
        assertThat(find.currentProperty().get()).isEqualTo(5);
        assertThat(find.statusProperty().get()).isEqualTo("4 of 4");
        find.next();
        assertThat(find.currentProperty().get())
                .as("wraps around to the oldest")
                .isZero();
        find.previous();
        assertThat(find.currentProperty().get()).isEqualTo(5);
        find.previous();
        assertThat(find.currentProperty().get()).isEqualTo(4);
        assertThat(find.statusProperty().get()).isEqualTo("3 of 4");

        find.queryProperty().set("cherry");
        assertThat(find.currentProperty().get()).isEqualTo(-1);
        assertThat(find.statusProperty().get()).isEqualTo("No matches");
        find.close();
        assertThat(find.statusProperty().get()).isEmpty();
    }

    @Test
    void findCountsTheWholeThreadAndLoadsOlderPagesToReachAMatch() {
        openTenThousandMessageThread();
        FindViewModel find = chat.find();
        IntFunction<String> currentText =
                ignored -> texts().get(find.currentProperty().get());

        // Loaded: Message 9801 … 10000. "Message 980" is in 9801 … 9809 there, and in 980 and 9800 before them.
        find.queryProperty().set("message 980");
        assertThat(find.statusProperty().get()).isEqualTo("11 of 11");
        assertThat(currentText.apply(0)).isEqualTo("Message 9809");

        // Message 123 and 1230 … 1239 are all older than the loaded page.
        find.queryProperty().set("MESSAGE 123");
        assertThat(find.statusProperty().get()).isEqualTo("11 matches in older messages");
        assertThat(find.currentProperty().get()).isEqualTo(-1);
        find.previous();
        assertThat(currentText.apply(0)).isEqualTo("Message 1239");
        assertThat(find.statusProperty().get()).isEqualTo("11 of 11");
        assertThat(texts().getFirst()).as("loaded only as far as needed").isEqualTo("Message 1201");
        find.previous();
        assertThat(currentText.apply(0)).isEqualTo("Message 1238");
        assertThat(find.statusProperty().get()).isEqualTo("10 of 11");
        find.next();
        find.next();
        assertThat(currentText.apply(0))
                .as("no wrap-around that would load the rest of the thread")
                .isEqualTo("Message 1239");
        for (int step = 0; step < 10; step++) {
            find.previous();
        }
        assertThat(currentText.apply(0)).isEqualTo("Message 123");
        assertThat(find.statusProperty().get()).isEqualTo("1 of 11");
        assertThat(texts().getFirst()).isEqualTo("Message 1");
        find.previous();
        assertThat(currentText.apply(0)).as("wraps around to the newest").isEqualTo("Message 1239");
        find.next();
        assertThat(currentText.apply(0))
                .as("everything is loaded now, so it wraps to the oldest")
                .isEqualTo("Message 123");

        find.queryProperty().set("no such text");
        assertThat(find.statusProperty().get()).isEqualTo("No matches");

        find.queryProperty().set("message 9");
        chat.threads()
                .selectedThreadProperty()
                .set(chat.threads().threads().stream()
                        .filter(ThreadsViewModel.Item::isDefault)
                        .findFirst()
                        .orElseThrow());
        assertThat(chat.messages()).isEmpty();
        assertThat(find.statusProperty().get())
                .as("nothing of the long thread is counted in the empty one")
                .isEqualTo("No matches");
    }

    @Test
    void stopCancelsTheRunningReply() {
        fake.enqueue(FakeReply.hang());
        chat.inputTextProperty().set("think forever");
        chat.send();
        await().atMost(WAIT).until(() -> ui.shell().agents().getFirst().status() == AgentStatus.BUSY);
        assertThat(chat.isBusy()).isTrue();

        chat.stop();

        await().atMost(WAIT).until(() -> !chat.isBusy());
        assertThat(texts()).containsExactly("think forever", ChatViewModel.STOPPED);
        await().atMost(WAIT).until(() -> ui.shell().agents().getFirst().status() == AgentStatus.IDLE);
    }

    @Test
    void openingAnAgentLoadsItsHistory() {
        chat.inputTextProperty().set("remember me");
        chat.send();
        await().atMost(WAIT).until(() -> !chat.isBusy());

        ui.shell().selectedAgentProperty().set(ui.shell().agents().get(1));
        assertThat(chat.messages()).isEmpty();
        assertThat(chat.agentNameProperty().get()).isEqualTo("Creator");

        ui.shell().selectedAgentProperty().set(ui.shell().agents().getFirst());
        assertThat(texts()).containsExactly("remember me", "Echo: remember me");
        assertThat(app.engine()
                        .history(CoreAgents.DRIVER_ID, java.util.Optional.empty(), java.util.Optional.empty(), 10)
                        .messages())
                .hasSize(2);
    }

    @Test
    void blankInputCannotBeSent() {
        chat.inputTextProperty().set("   ");

        assertThat(chat.canSendProperty().get()).isFalse();
        chat.send();

        assertThat(chat.messages()).isEmpty();
        assertThat(fake.requestCount()).isZero();
    }

    /** A citation of the document, as an answer would store it. */
    private static Citation citing(long documentId) {
        return new Citation(
                1,
                documentId,
                "errors.md",
                5,
                "ERR_4711_QUOTA means the storage is full.",
                Optional.empty(),
                Optional.of("Quota errors"),
                0);
    }

    private SourcePreview sourceOf(Citation citation) {
        List<SourcePreview> shown = new CopyOnWriteArrayList<>();
        chat.showSource(citation, shown::add);
        assertThat(shown).as("shown once, at once with inline executors").hasSize(1);
        return shown.getFirst();
    }

    @Test
    void aSourceShowsItsPassageAndTheFileToOpenOrWhyThereIsNone(@TempDir Path files) throws Exception {
        Path errors = Files.writeString(files.resolve("errors.md"), "# Quota errors\n\nERR_4711_QUOTA means full.\n");
        long general = app.engine().knowledge().collections().getFirst().id();
        long document =
                app.engine().knowledge().addPath(general, errors).getFirst().id();

        SourcePreview source = sourceOf(citing(document));
        assertThat(source.document()).isEqualTo("errors.md");
        assertThat(source.location()).isEqualTo("under 'Quota errors'");
        assertThat(source.passage()).isEqualTo("ERR_4711_QUOTA means the storage is full.");
        assertThat(source.file()).contains(errors.toAbsolutePath().toUri());
        assertThat(source.notice()).isEmpty();

        Files.delete(errors);
        SourcePreview moved = sourceOf(citing(document));
        assertThat(moved.file()).isEmpty();
        assertThat(moved.notice()).contains("The file is no longer at " + errors.toAbsolutePath() + ".");

        app.engine().knowledge().deleteDocument(document);
        SourcePreview gone = sourceOf(citing(document));
        assertThat(gone.file()).isEmpty();
        assertThat(gone.notice()).contains(SourcePreview.DOCUMENT_GONE);
        assertThat(gone.passage()).as("the passage kept with the answer").contains("ERR_4711_QUOTA");
    }
}
