package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;
import static io.agentdeck.ui.DesktopWindow.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.view.ViewFactory;
import io.agentdeck.ui.viewmodel.KnowledgeDocumentRow;
import io.agentdeck.ui.viewmodel.KnowledgeViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The Knowledge page under Monocle, on the real engine: a collection made, a folder added, progress, search, delete. */
@AppTest
class KnowledgePageTest {
    @FromApp
    private TestApp app;

    @RegisterExtension
    final PageStage page = new PageStage();

    @TempDir
    Path folder;

    @TempDir
    Path elsewhere;

    private final FxRobot robot = new FxRobot();
    private KnowledgeViewModel knowledge;

    private void showPage() throws Exception {
        page.show(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            knowledge = new KnowledgeViewModel(
                    app.engine(), page.bridgeTo(app.engine()), page.background(), page.dialogs());
            Parent knowledgePage = new ViewFactory(page.shellOn(app.engine())).loadKnowledge(knowledge);
            knowledge.load();
            return new Scene(knowledgePage, 1200, 850);
        });
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS * 2L, TimeUnit.SECONDS, condition);
    }

    private Optional<KnowledgeDocumentRow> row(String name) throws Exception {
        return onFx(() -> knowledge.documents().stream()
                .filter(r -> r.name().equals(name))
                .findFirst());
    }

    private List<String> badges() throws Exception {
        return onFx(() -> robot.lookup(".document-status").queryAllAs(Label.class).stream()
                .filter(Label::isVisible)
                .map(Label::getText)
                .toList());
    }

    @Test
    void aFolderAddedToANewCollectionIsIndexedWithProgressSearchedAndTrimmed() throws Exception {
        Files.writeString(
                folder.resolve("printer.md"),
                "# Printer\n\nWhen the printer shows code PRN_404_TRAY, refill the paper tray and press resume.");
        Files.writeString(folder.resolve("lunch.txt"), "The canteen serves pasta on Mondays and fish on Fridays.");
        byte[] junk = new byte[32 * 1024];
        new Random(3).nextBytes(junk);
        Files.write(folder.resolve("broken.txt"), junk);
        Path outside = Files.writeString(elsewhere.resolve("menu.md"), "# Menu\n\nThe soup of the day is tomato.");
        showPage();
        waitUntil(() -> onFx(() -> knowledge.collections().size()) >= 1);
        waitUntil(() -> onFx(() ->
                        robot.lookup("#collectionTitle").queryAs(Label.class).getText())
                .equals("General"));
        assertThat(robot.lookup("#deleteCollectionButton").queryButton().isDisabled())
                .as("General cannot be deleted")
                .isTrue();

        robot.clickOn("#newCollectionName").write("Office");
        robot.clickOn("#createCollectionButton");
        waitUntil(() -> onFx(() ->
                        robot.lookup("#collectionTitle").queryAs(Label.class).getText())
                .equals("Office"));
        assertThat(robot.lookup("#deleteCollectionButton").queryButton().isDisabled())
                .isFalse();

        // The buttons open the system's pickers; a cancelled one adds nothing, a picked folder adds what it holds.
        page.dialogs().picks();
        robot.clickOn("#addFolderButton");
        page.dialogs().picks(folder);
        robot.clickOn("#addFolderButton");
        page.dialogs().picks(outside);
        robot.clickOn("#addFilesButton");
        assertThat(page.dialogs().asked())
                .containsExactly(
                        "folder: Add a folder of documents",
                        "folder: Add a folder of documents",
                        "files: Add documents");
        waitUntil(() -> row("menu.md").map(r -> r.status().isFinished()).orElse(false));
        waitUntil(() -> row("printer.md").map(r -> r.status().isFinished()).orElse(false)
                && row("lunch.txt").map(r -> r.status().isFinished()).orElse(false)
                && row("broken.txt").map(r -> r.status().isFinished()).orElse(false));
        waitUntil(() -> badges().stream().filter("ready"::equals).count() == 3 && badges().contains("failed"));
        assertThat(onFx(() ->
                        robot.lookup(".document-error").queryAs(Label.class).getText()))
                .contains("not text");
        assertThat(row("printer.md").orElseThrow().passages()).isPositive();

        robot.clickOn("#searchField").write("what to do when the printer says PRN_404_TRAY");
        robot.clickOn("#searchButton");
        waitUntil(() -> onFx(() -> knowledge.results().size()) > 0);
        assertThat(onFx(() -> knowledge.results().getFirst().document())).isEqualTo("printer.md");
        waitUntil(() -> !robot.lookup(".search-hit-source").queryAll().isEmpty());
        assertThat(onFx(() -> robot.lookup(".search-hit-source").queryAllAs(Labeled.class).stream()
                        .map(Labeled::getText)
                        .toList()))
                .first()
                .asString()
                .startsWith("printer.md");

        TableView<KnowledgeDocumentRow> table = robot.lookup("#documentTable").queryTableView();
        robot.interact(() -> table.getSelectionModel()
                .select(table.getItems().stream()
                        .filter(r -> r.name().equals("broken.txt"))
                        .findFirst()
                        .orElseThrow()));
        robot.clickOn("#deleteDocumentButton");
        waitUntil(() -> row("broken.txt").isEmpty());
        assertThat(onFx(() -> knowledge.documents().size())).isEqualTo(3);
    }
}
