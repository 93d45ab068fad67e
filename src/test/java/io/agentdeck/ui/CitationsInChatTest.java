package io.agentdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.Engine;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.knowledge.DocumentStatus;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.ui.viewmodel.ChatBubble;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * An answer that used the knowledge base shows its sources under it in the real window: a chip per citation, the
 * passage behind it, the document opened with the desktop; for the answer that just streamed in and for one read from
 * the history.
 */
class CitationsInChatTest {
    private static final String QUOTA = """
            # Quota errors

            When an upload fails with ERR_4711_QUOTA the account has used all of its storage. Delete old files or \
            buy more space, then upload again.

            # Gardening

            Tomatoes need sun, water and patience; pick them when they are red.
            """;
    private static final String CHIP = "[1] errors.md · under 'Quota errors'";

    private final FxRobot robot = new FxRobot();

    @RegisterExtension
    final DesktopWindow window = new DesktopWindow();

    @TempDir
    Path files;

    private ShellViewModel shell;

    /** Opens the window on the Driver, which reads a collection holding errors.md, indexed; returns the document. */
    private long openWithTheQuotaGuide(Path errors) throws Exception {
        shell = window.open();
        DesktopWindow.waitUntil(() -> !shell.chat().agentNameProperty().get().isEmpty());
        Engine engine = window.app().engine();
        long project = engine.knowledge().createCollection("Project", "").id();
        engine.knowledge().setCollectionsOf(CoreAgents.DRIVER_ID, Set.of(project));
        long document = engine.knowledge().addPath(project, errors).getFirst().id();
        DesktopWindow.waitUntil(() -> {
            DocumentStatus status = engine.knowledge().document(document).status();
            assertThat(status).isNotEqualTo(DocumentStatus.FAILED);
            return status == DocumentStatus.READY;
        });
        return document;
    }

    private void ask(String question, String answer) throws Exception {
        window.app().model().enqueue(FakeReply.text(answer));
        robot.interact(() -> shell.chat().inputTextProperty().set(question));
        robot.clickOn("#sendButton");
        DesktopWindow.waitUntil(
                () -> ChatLookup.shows(robot, "agent", answer) && !shell.chat().isBusy());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private boolean chipShown() throws Exception {
        return DesktopWindow.onFx(() -> robot.lookup(".citation-chip").queryAll().stream()
                .anyMatch(chip -> chip.isVisible() && CHIP.equals(((Button) chip).getText())));
    }

    private void clickChip() throws Exception {
        DesktopWindow.waitUntil(this::chipShown);
        robot.clickOn(robot.lookup(".citation-chip")
                .match((Node chip) -> CHIP.equals(((Button) chip).getText()))
                .queryButton());
        DesktopWindow.waitUntil(() -> robot.lookup("#sourcePassage").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String passageShown() {
        return robot.lookup("#sourcePassage").queryAs(TextArea.class).getText();
    }

    @Test
    void anAnswersSourceShowsItsPassageAndOpensTheFileAlsoWhenReadFromTheHistory() throws Exception {
        Path errors = Files.writeString(files.resolve("errors.md"), QUOTA);
        openWithTheQuotaGuide(errors);

        ask("What does ERR_4711_QUOTA mean?", "Your storage is full: delete old files or buy more space [1].");
        ChatBubble answer = shell.chat().messages().getLast();
        assertThat(answer.citations())
                .as("the streamed answer's bubble has the stored reply's citations")
                .singleElement()
                .satisfies(citation -> assertThat(citation.document()).isEqualTo("errors.md"));

        clickChip();
        assertThat(robot.lookup("#sourceDocument").queryAs(Label.class).getText())
                .isEqualTo("errors.md");
        assertThat(passageShown()).contains("ERR_4711_QUOTA").doesNotContain("Tomatoes");
        TextArea passage = robot.lookup("#sourcePassage").queryAs(TextArea.class);
        assertThat(passage.isEditable()).isFalse();
        robot.interact(passage::selectAll);
        assertThat(passage.getSelectedText()).as("the passage can be selected").contains("ERR_4711_QUOTA");
        assertThat(robot.lookup("#sourceNotice").query().isVisible()).isFalse();

        robot.clickOn("#openSourceButton");
        DesktopWindow.waitUntil(() -> !window.opened().isEmpty());
        assertThat(window.opened()).containsExactly(errors.toAbsolutePath().toUri());
        assertThat(Path.of(window.opened().getFirst())).isEqualTo(errors.toAbsolutePath());
        DesktopWindow.waitUntil(() -> robot.lookup("#sourcePassage").tryQuery().isEmpty());

        // Another agent, then the Driver again: the answer comes from the history, with its sources.
        robot.interact(() -> shell.selectedAgentProperty().set(shell.agents().get(1)));
        DesktopWindow.waitUntil(() -> !chipShown());
        robot.interact(() -> shell.selectedAgentProperty().set(shell.agents().getFirst()));
        DesktopWindow.waitUntil(() -> shell.chat().messages().size() >= 2
                && ChatLookup.shows(robot, "agent", "Your storage is full: delete old files or buy more space [1]."));
        clickChip();
        assertThat(passageShown()).contains("ERR_4711_QUOTA");
    }

    @Test
    void aSourceWhoseDocumentWasDeletedSaysSoInsteadOfFailing() throws Exception {
        long document = openWithTheQuotaGuide(Files.writeString(files.resolve("errors.md"), QUOTA));
        ask("What does ERR_4711_QUOTA mean?", "The storage is full [1].");

        window.app().engine().knowledge().deleteDocument(document);
        clickChip();

        Label notice = robot.lookup("#sourceNotice").queryAs(Label.class);
        assertThat(notice.isVisible()).isTrue();
        assertThat(notice.getText()).isEqualTo("The document is no longer in the knowledge base.");
        assertThat(passageShown()).as("the passage was kept with the answer").contains("ERR_4711_QUOTA");
        assertThat(robot.lookup("#openSourceButton").query().isVisible()).isFalse();
        assertThat(window.opened()).isEmpty();
    }
}
