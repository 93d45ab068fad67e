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
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.ScriptedDialogs;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.DialogService;
import io.agentdeck.ui.FxBridge;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@AppTest(api = false, initialized = false)
class ShellViewModelTest {
    private static final Executor NOW = Runnable::run;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    @FromApp
    private TestApp app;

    private FxBridge bridge;

    /** The shell as the window makes it, started on the app: seeding the core agents, then loading them. */
    private ShellViewModel startShell() {
        ShellViewModel shell = unstartedShell();
        shell.start(() -> app.engine().initialize());
        return shell;
    }

    private ShellViewModel unstartedShell() {
        bridge = new FxBridge(app.engine().events(), NOW);
        return new ShellViewModel(app.engine(), bridge, NOW, dialogs);
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void startingLoadsTheAgentsAndOpensTheFirst() {
        ShellViewModel shell = startShell();

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
        app.engine().reconfigureModel(ModelSettings.none());
        ShellViewModel shell = startShell();

        assertThat(shell.state()).isEqualTo(ShellViewModel.State.NEEDS_MODEL);
        assertThat(shell.modelStatusProperty().get()).startsWith("No model");
        assertThat(shell.agents()).hasSize(3);
    }

    @Test
    void aFailingStartIsReported() {
        ShellViewModel shell = unstartedShell();

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
        ShellViewModel shell = startShell();
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
        ShellViewModel shell = startShell();
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
