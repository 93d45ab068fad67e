package io.agentdeck.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentType;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.creator.AgentCreator;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.InlineShell;
import io.agentdeck.testing.TestApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The new-agent dialog and deleting agents, synchronously on the real engine against the fake model server. */
@AppTest(initialized = false)
class NewAgentViewModelTest {
    @FromApp
    private FakeOpenAiServer fake;

    @FromApp
    private TestApp app;

    @FromApp
    private InlineShell ui;

    private static FakeReply reviewerDesign() {
        return FakeReply.jsonOf(Map.of(
                "name", "Reviewer",
                "role", "Reviews code for security problems",
                "system_prompt", "You are Reviewer. You review code changes for security problems.",
                "capabilities", List.of("code review", "threat modelling")));
    }

    private NewAgentViewModel filledIn() {
        NewAgentViewModel dialog = ui.shell().newAgent();
        dialog.roleProperty().set("security reviewer");
        dialog.capabilitiesProperty().set("code review, , secrets scanning ");
        dialog.reasonProperty().set("nobody checks the pull requests");
        return dialog;
    }

    @Test
    void theCreatorProposesToolsFromThoseOfferedAndTheAgentGetsThem() {
        fake.enqueue(FakeReply.jsonOf(Map.of(
                "name", "Archivist",
                "role", "Keeps the team's notes in order",
                "system_prompt", "You are Archivist. You file and find the team's notes.",
                "capabilities", List.of("filing"),
                "tools", List.of("workspace_read", "workspace_write", "teleport"))));
        NewAgentViewModel dialog = filledIn();

        dialog.design();

        assertThat(fake.lastRequest().lastQuestion())
                .contains("- workspace_write: Writes a text file in the workspace")
                .contains("- current_time:");
        assertThat(fake.lastRequest().responseFormat().toString()).contains("\"tools\"");
        assertThat(dialog.previewToolsProperty().get())
                .as("a tool that does not exist is dropped")
                .isEqualTo("workspace_read, workspace_write");
        dialog.create();
        assertThat(app.engine().agent(dialog.created().orElseThrow().id()).tools())
                .containsExactly("workspace_read", "workspace_write");
    }

    @Test
    void designingShowsThePreviewAndCreatingStoresAndOpensTheAgent() {
        fake.enqueue(reviewerDesign());
        NewAgentViewModel dialog = filledIn();

        dialog.design();

        assertThat(dialog.step()).isEqualTo(NewAgentViewModel.Step.PREVIEW);
        assertThat(dialog.busy()).isFalse();
        assertThat(dialog.errorProperty().get()).isEmpty();
        assertThat(dialog.previewNameProperty().get()).isEqualTo("Reviewer");
        assertThat(dialog.previewRoleProperty().get()).isEqualTo("Reviews code for security problems");
        assertThat(dialog.previewCapabilitiesProperty().get())
                .isEqualTo("code review, secrets scanning, threat modelling");
        assertThat(dialog.previewSystemPromptProperty().get()).startsWith("You are Reviewer.");
        assertThat(dialog.previewToolsProperty().get()).isEqualTo("none");
        assertThat(app.engine().agents()).as("nothing is stored before Create").hasSize(3);

        dialog.create();

        assertThat(dialog.step()).isEqualTo(NewAgentViewModel.Step.DONE);
        Agent created = dialog.created().orElseThrow();
        Agent stored = app.engine().agent(created.id());
        assertThat(stored.name()).isEqualTo("Reviewer");
        assertThat(stored.type()).isEqualTo(AgentType.DYNAMIC);
        assertThat(stored.createdBy()).contains(AgentCreator.CREATOR_ID).contains(2L);
        assertThat(stored.reason()).contains("nobody checks the pull requests");
        assertThat(stored.capabilities()).containsExactly("code review", "secrets scanning", "threat modelling");
        assertThat(ui.shell().agents())
                .extracting(AgentItemViewModel::name)
                .containsExactly("Driver", "Creator", "Generator", "Reviewer");
        assertThat(ui.shell().selectedAgentProperty().get().id()).isEqualTo(created.id());
        assertThat(ui.shell().selectedAgentProperty().get().deletable()).isTrue();
    }

    @Test
    void aMalformedDesignIsShownInlineAndNothingIsCreated() {
        fake.enqueue(FakeReply.text("Sure! Here is a great agent for you."));
        NewAgentViewModel dialog = filledIn();

        dialog.design();

        assertThat(dialog.step()).isEqualTo(NewAgentViewModel.Step.FORM);
        assertThat(dialog.busy()).isFalse();
        assertThat(dialog.errorProperty().get())
                .contains("design could not be used")
                .contains("No agent was created");
        assertThat(dialog.created()).isEmpty();
        assertThat(app.engine().agents()).hasSize(3);
        assertThat(ui.shell().agents()).hasSize(3);

        dialog.create();
        assertThat(app.engine().agents())
                .as("Create does nothing without a design")
                .hasSize(3);
    }

    @Test
    void anEmptyRoleIsRefusedBeforeTheCreatorIsAsked() {
        NewAgentViewModel dialog = ui.shell().newAgent();
        dialog.roleProperty().set("   ");

        dialog.design();

        assertThat(dialog.step()).isEqualTo(NewAgentViewModel.Step.FORM);
        assertThat(dialog.errorProperty().get()).contains("'role' must not be empty");
    }

    @Test
    void discardingThePreviewCreatesNothing() {
        fake.enqueue(reviewerDesign());
        NewAgentViewModel dialog = filledIn();
        dialog.design();
        assertThat(dialog.step()).isEqualTo(NewAgentViewModel.Step.PREVIEW);

        dialog.discard();
        dialog.create();

        assertThat(dialog.step()).isEqualTo(NewAgentViewModel.Step.DONE);
        assertThat(dialog.created()).isEmpty();
        assertThat(app.engine().agents()).hasSize(3);
        assertThat(ui.shell().agents()).hasSize(3);
    }

    @Test
    void aDynamicAgentCanBeDeletedButACoreAgentCannot() {
        fake.enqueue(reviewerDesign());
        NewAgentViewModel dialog = filledIn();
        dialog.design();
        dialog.create();
        AgentItemViewModel reviewer = ui.shell().selectedAgentProperty().get();
        AgentItemViewModel driver = ui.shell().agents().getFirst();
        assertThat(driver.id()).isEqualTo(CoreAgents.DRIVER_ID);
        assertThat(driver.deletable()).isFalse();

        ui.shell().deleteAgent(reviewer);

        assertThat(ui.shell().agents())
                .extracting(AgentItemViewModel::name)
                .containsExactly("Driver", "Creator", "Generator");
        assertThat(app.engine().agents()).extracting(Agent::name).doesNotContain("Reviewer");
        assertThat(ui.shell().selectedAgentProperty().get()).isNull();
        assertThat(ui.shell().sidebarErrorProperty().get()).isEmpty();

        ui.shell().deleteAgent(driver);

        assertThat(ui.shell().sidebarErrorProperty().get()).contains("core agent");
        assertThat(ui.shell().agents()).hasSize(3);
    }
}
