package io.agentdeck.ui.viewmodel;

import static io.agentdeck.testing.Waits.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.chat.Message;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.InlineShell;
import io.agentdeck.testing.ScriptedDialogs;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.DialogService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@AppTest(initialized = false)
class ThreadsViewModelTest {
    private ScriptedDialogs dialogs;
    private static final Executor NOW = InlineShell.INLINE;

    @FromApp
    private TestApp app;

    @FromApp
    private InlineShell ui;

    private ChatViewModel chat;
    private ThreadsViewModel threads;

    @BeforeEach
    void openTheThreads() {
        dialogs = ui.dialogs();
        chat = ui.shell().chat();
        threads = chat.threads();
    }

    private List<String> texts() {
        return chat.messages().stream().map(ChatBubble::text).toList();
    }

    private List<String> stored(Optional<Long> conversation) {
        return app.engine().history(CoreAgents.DRIVER_ID, conversation, Optional.empty(), 50).messages().stream()
                .map(Message::content)
                .toList();
    }

    private void say(String text) {
        chat.inputTextProperty().set(text);
        chat.send();
        await().atMost(WAIT).until(() -> !chat.isBusy());
    }

    @Test
    void theOpenAgentShowsItsDefaultThreadSelected() {
        assertThat(threads.threads()).hasSize(1);
        assertThat(threads.threads().getFirst().isDefault()).isTrue();
        assertThat(threads.selectedThreadProperty().get())
                .isEqualTo(threads.threads().getFirst());
        assertThat(threads.conversationId()).isEmpty();
        assertThat(threads.canEditProperty().get()).isTrue();
        assertThat(threads.canDeleteProperty().get())
                .as("the default thread cannot be deleted")
                .isFalse();
    }

    @Test
    void aNewThreadIsSelectedAndSendsGoThereLeavingTheDefaultThreadAlone() {
        say("in the default thread");

        threads.create();

        ThreadsViewModel.Item created = threads.selectedThreadProperty().get();
        assertThat(created.isDefault()).isFalse();
        assertThat(created.title()).isEqualTo(ThreadsViewModel.NEW_THREAD_TITLE);
        assertThat(threads.threads()).hasSize(2);
        assertThat(threads.threads().getFirst().isDefault())
                .as("the default thread comes first")
                .isTrue();
        assertThat(threads.canDeleteProperty().get()).isTrue();
        assertThat(chat.messages()).as("a new thread starts empty").isEmpty();

        say("in the new thread");

        assertThat(texts()).containsExactly("in the new thread", "Echo: in the new thread");
        assertThat(stored(Optional.of(created.id()))).containsExactly("in the new thread", "Echo: in the new thread");
        assertThat(stored(Optional.empty())).containsExactly("in the default thread", "Echo: in the default thread");

        threads.selectedThreadProperty().set(threads.threads().getFirst());
        assertThat(texts()).containsExactly("in the default thread", "Echo: in the default thread");

        threads.selectedThreadProperty().set(created);
        assertThat(texts()).containsExactly("in the new thread", "Echo: in the new thread");
    }

    @Test
    void renamingKeepsTheThreadAndItsHistory() {
        threads.create();
        say("hello");
        long id = threads.selectedThreadProperty().get().id();

        threads.rename("  Plans  ");

        assertThat(threads.selectedThreadProperty().get()).isEqualTo(new ThreadsViewModel.Item(id, "Plans", false));
        assertThat(threads.threads()).extracting(ThreadsViewModel.Item::title).contains("Plans");
        assertThat(texts()).containsExactly("hello", "Echo: hello");
        assertThat(app.engine().conversation(id).title()).isEqualTo("Plans");
    }

    @Test
    void deletingFallsBackToTheDefaultThread() {
        say("keep me");
        threads.create();
        say("drop me");
        long id = threads.selectedThreadProperty().get().id();

        threads.delete();

        assertThat(threads.threads()).hasSize(1);
        assertThat(threads.selectedThreadProperty().get().isDefault()).isTrue();
        assertThat(texts()).containsExactly("keep me", "Echo: keep me");
        assertThat(app.engine().conversations(CoreAgents.DRIVER_ID)).noneMatch(conversation -> conversation.id() == id);
    }

    @Test
    void deletingAsksFirstAndANoKeepsTheThread() {
        threads.create();
        long id = threads.selectedThreadProperty().get().id();
        String title = threads.selectedThreadProperty().get().title();

        dialogs.confirms(false);
        threads.deleteAfterConfirming();
        assertThat(app.engine().conversations(CoreAgents.DRIVER_ID)).anyMatch(conversation -> conversation.id() == id);

        dialogs.confirms(true);
        threads.deleteAfterConfirming();
        assertThat(app.engine().conversations(CoreAgents.DRIVER_ID)).noneMatch(conversation -> conversation.id() == id);
        assertThat(dialogs.asked())
                .containsExactly(
                        new DialogService.Confirmation(
                                "Delete thread", null, "Delete the thread \"" + title + "\" and its messages?"),
                        new DialogService.Confirmation(
                                "Delete thread", null, "Delete the thread \"" + title + "\" and its messages?"));
    }

    @Test
    void renamingAsksForTheTitleStartingFromTheOldOneAndCancellingChangesNothing() {
        threads.create();
        long id = threads.selectedThreadProperty().get().id();
        String before = app.engine().conversation(id).title();

        dialogs.answers(Optional.empty());
        threads.renameAfterAsking();
        assertThat(app.engine().conversation(id).title()).isEqualTo(before);

        dialogs.answers(Optional.of("Plans"));
        threads.renameAfterAsking();
        assertThat(app.engine().conversation(id).title()).isEqualTo("Plans");
        assertThat(dialogs.asked().getFirst())
                .isEqualTo(new DialogService.TextQuestion("Rename thread", "Title:", before));
    }

    @Test
    void theDefaultThreadCannotBeDeleted() {
        threads.delete();

        assertThat(threads.threads()).hasSize(1);
        assertThat(threads.errorProperty().get()).isEmpty();
    }

    @Test
    void openingAnotherAgentShowsItsOwnThreads() {
        threads.create();

        ui.shell().selectedAgentProperty().set(ui.shell().agents().get(1));

        assertThat(threads.threads()).hasSize(1);
        assertThat(threads.selectedThreadProperty().get().isDefault()).isTrue();
        assertThat(threads.threads().getFirst().id())
                .isNotEqualTo(app.engine()
                        .conversations(CoreAgents.DRIVER_ID)
                        .getFirst()
                        .id());
    }
}
