package io.agentdeck.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentdeck.api.TestApp;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.ui.FxBridge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatViewModelTest {
    private static final Executor NOW = Runnable::run;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeOpenAiServer fake;
    private TestApp app;
    private FxBridge bridge;
    private ShellViewModel shell;
    private ChatViewModel chat;

    @BeforeEach
    void start(@TempDir Path dataDir) {
        fake = FakeOpenAiServer.start();
        app = TestApp.start(dataDir, TestApp.fakeModel(fake.baseUrl()));
        bridge = new FxBridge(app.engine().events(), NOW);
        shell = new ShellViewModel(app.engine(), bridge, NOW);
        shell.start(() -> app.engine().initialize());
        chat = shell.chat();
    }

    @AfterEach
    void stop() {
        bridge.close();
        app.close();
        fake.close();
    }

    private List<String> texts() {
        return chat.messages().stream().map(ChatBubble::text).toList();
    }

    @Test
    void sendingShowsTheMessageAndTheStreamedAnswer() {
        chat.inputTextProperty().set("  hello there \n");
        assertThat(chat.canSendProperty().get()).isTrue();

        chat.send();

        assertThat(chat.inputTextProperty().get()).as("the input is cleared").isEmpty();
        assertThat(chat.messages().getFirst()).isEqualTo(new ChatBubble(ChatBubble.Kind.USER, "hello there", false));
        await().atMost(WAIT).until(() -> !chat.isBusy());
        assertThat(chat.messages())
                .containsExactly(
                        new ChatBubble(ChatBubble.Kind.USER, "hello there", false),
                        new ChatBubble(ChatBubble.Kind.AGENT, "Echo: hello there", false));
        assertThat(fake.lastRequest().stream()).as("the reply was streamed").isTrue();
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
    void aFailingModelShowsAnErrorBubble() {
        fake.enqueue(FakeReply.badRequest("this model does not exist"));
        chat.inputTextProperty().set("hello");

        chat.send();

        await().atMost(WAIT).until(() -> !chat.isBusy());
        assertThat(chat.messages()).hasSize(2);
        assertThat(chat.messages().getLast().kind()).isEqualTo(ChatBubble.Kind.ERROR);
        assertThat(chat.messages().getLast().text()).isNotBlank();
    }

    @Test
    void stopCancelsTheRunningReply() {
        fake.enqueue(FakeReply.hang());
        chat.inputTextProperty().set("think forever");
        chat.send();
        await().atMost(WAIT).until(() -> shell.agents().getFirst().status() == AgentStatus.BUSY);
        assertThat(chat.isBusy()).isTrue();

        chat.stop();

        await().atMost(WAIT).until(() -> !chat.isBusy());
        assertThat(texts()).containsExactly("think forever", ChatViewModel.STOPPED);
        await().atMost(WAIT).until(() -> shell.agents().getFirst().status() == AgentStatus.IDLE);
    }

    @Test
    void openingAnAgentLoadsItsHistory() {
        chat.inputTextProperty().set("remember me");
        chat.send();
        await().atMost(WAIT).until(() -> !chat.isBusy());

        shell.selectedAgentProperty().set(shell.agents().get(1));
        assertThat(chat.messages()).isEmpty();
        assertThat(chat.agentNameProperty().get()).isEqualTo("Creator");

        shell.selectedAgentProperty().set(shell.agents().getFirst());
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
}
