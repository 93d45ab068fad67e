package io.agentdeck.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.creator.AgentCreator;
import io.agentdeck.engine.creator.AgentSpec;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.ScriptedDialogs;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.DialogService;
import io.agentdeck.ui.FxBridge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellViewModelTest {
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private static final Executor NOW = Runnable::run;

    @TempDir
    Path dataDir;

    private FakeOpenAiServer fake;
    private TestApp app;
    private FxBridge bridge;

    private ShellViewModel startShell(ModelSettings model) {
        app = TestApp.start(dataDir, model);
        bridge = new FxBridge(app.engine().events(), NOW);
        ShellViewModel shell = new ShellViewModel(app.engine(), bridge, NOW, dialogs);
        shell.start(() -> app.engine().initialize());
        return shell;
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        if (app != null) {
            app.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void startingLoadsTheAgentsAndOpensTheFirst() {
        fake = FakeOpenAiServer.start();
        ShellViewModel shell = startShell(TestApp.fakeModel(fake.baseUrl()));

        assertThat(shell.state()).isEqualTo(ShellViewModel.State.READY);
        assertThat(shell.agents())
                .extracting(AgentItemViewModel::name)
                .containsExactly("Driver", "Creator", "Generator");
        assertThat(shell.agents()).extracting(AgentItemViewModel::status).containsOnly(AgentStatus.IDLE);
        assertThat(shell.selectedAgentProperty().get().id()).isEqualTo(CoreAgents.DRIVER_ID);
        assertThat(shell.chat().agentNameProperty().get()).isEqualTo("Driver");
        assertThat(shell.modelStatusProperty().get()).contains("fake-model");
    }

    @Test
    void withoutAModelTheFirstRunSetupIsShown() {
        ShellViewModel shell = startShell(ModelSettings.none());

        assertThat(shell.state()).isEqualTo(ShellViewModel.State.NEEDS_MODEL);
        assertThat(shell.modelStatusProperty().get()).startsWith("No model");
        assertThat(shell.agents()).hasSize(3);
    }

    @Test
    void aFailingStartIsReported() {
        fake = FakeOpenAiServer.start();
        app = TestApp.start(dataDir, TestApp.fakeModel(fake.baseUrl()));
        bridge = new FxBridge(app.engine().events(), NOW);
        ShellViewModel shell = new ShellViewModel(app.engine(), bridge, NOW, dialogs);

        shell.start(() -> {
            throw new IllegalStateException("disk on fire");
        });

        assertThat(shell.state()).isEqualTo(ShellViewModel.State.FAILED);
        assertThat(shell.startupErrorProperty().get())
                .contains("could not start")
                .doesNotContain("disk on fire");
    }

    @Test
    void aReplyToAnotherAgentCountsAsUnreadAndTheStatusFollowsTheEngine() {
        fake = FakeOpenAiServer.start();
        ShellViewModel shell = startShell(TestApp.fakeModel(fake.baseUrl()));
        AgentItemViewModel generator = shell.agents().get(2);

        app.engine().sendMessage(MessageRequest.of(CoreAgents.GENERATOR_ID, "write a haiku"));

        await().atMost(Duration.ofSeconds(10)).until(() -> generator.unread() == 1);
        assertThat(generator.status()).isEqualTo(AgentStatus.IDLE);
        assertThat(shell.agents().getFirst().unread())
                .as("the open agent has nothing unread")
                .isZero();

        shell.selectedAgentProperty().set(generator);
        assertThat(generator.unread()).isZero();
        assertThat(shell.chat().messages())
                .extracting(ChatBubble::text)
                .containsExactly("write a haiku", "Echo: write a haiku");
    }

    @Test
    void deletingAnAgentAsksFirstAndANoKeepsIt() {
        fake = FakeOpenAiServer.start();
        ShellViewModel shell = startShell(TestApp.fakeModel(fake.baseUrl()));
        Agent reviewer = app.engine()
                .createAgent(
                        new AgentSpec("Reviewer", "Reviews code", "You review code.", List.of("review")),
                        new AgentCreator.AgentRequest("Reviews code", List.of("review"), Optional.empty()));
        AgentItemViewModel item = shell.agents().stream()
                .filter(agent -> agent.id() == reviewer.id())
                .findFirst()
                .orElseThrow();

        dialogs.confirms(false);
        shell.deleteAgentAfterConfirming(item);
        assertThat(app.engine().agents()).extracting(Agent::id).contains(reviewer.id());

        dialogs.confirms(true);
        shell.deleteAgentAfterConfirming(item);
        assertThat(app.engine().agents()).extracting(Agent::id).doesNotContain(reviewer.id());
        assertThat(shell.agents()).extracting(AgentItemViewModel::name).doesNotContain("Reviewer");
        assertThat(dialogs.asked().getFirst())
                .isEqualTo(new DialogService.Confirmation(
                        "Delete agent",
                        "Delete agent Reviewer?",
                        "Delete Reviewer with all its threads and messages? This cannot be undone."));
    }
}
