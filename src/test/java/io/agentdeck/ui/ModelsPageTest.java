package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;
import static io.agentdeck.ui.DesktopWindow.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.FileServer;
import io.agentdeck.testing.TestApp;
import io.agentdeck.testing.TinyGguf;
import io.agentdeck.ui.view.ViewFactory;
import io.agentdeck.ui.viewmodel.ModelRow;
import io.agentdeck.ui.viewmodel.ModelsViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The model manager under Monocle on the real engine and llama.cpp: a new user without a model picks a GGUF file on
 * the first-run panel and chats with it; the Models page adds a file, downloads one from a loopback server (progress,
 * checksum), puts one to use, refuses to delete the one in use and deletes another.
 */
class ModelsPageTest {
    @RegisterExtension
    final PageStage page = new PageStage();

    @TempDir
    Path dataDir;

    @TempDir
    Path downloads;

    private final FxRobot robot = new FxRobot();
    private TestApp app;

    @AfterEach
    void closeApp() {
        if (app != null) {
            app.close();
        }
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS * 2L, TimeUnit.SECONDS, condition);
    }

    @Test
    void aNewUserPicksAModelFileOnTheFirstRunPanelAndChatsWithIt() throws Exception {
        app = TestApp.start(dataDir, ModelSettings.none()).initialized();
        Path file =
                TinyGguf.model().name("Tiny Llama").contextLength(4096).writeTo(downloads.resolve("tiny-chat.gguf"));
        ShellViewModel[] shell = new ShellViewModel[1];
        page.show(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            shell[0] = page.shellOn(app.engine());
            Scene scene = new Scene(new ViewFactory(shell[0]).loadShell(), 1200, 850);
            shell[0].start(() -> {});
            return scene;
        });
        waitUntil(() -> shell[0].state() == ShellViewModel.State.NEEDS_MODEL);
        assertThat(robot.lookup("#setupPanel").query().isVisible()).isTrue();

        page.dialogs().picks(file);
        robot.clickOn("#useModelFileButton");
        assertThat(page.dialogs().asked()).containsExactly("files: Choose a model file (.gguf) to use");
        waitUntil(() -> shell[0].state() == ShellViewModel.State.READY
                && shell[0].pageProperty().get() == ShellViewModel.Page.CHAT);
        assertThat(Files.exists(dataDir.resolve("models/tiny-chat.gguf"))).isTrue();
        assertThat(Files.readString(dataDir.resolve("settings.json")))
                .contains("\"provider\" : \"local\"")
                .contains("tiny-chat");
        assertThat(robot.lookup("#modelStatus").queryAs(Label.class).getText()).contains("tiny-chat");

        robot.clickOn("#messageInput").write("hello, local model").type(KeyCode.ENTER);
        waitUntil(() -> onFx(() -> robot.lookup(".bubble-speed").queryAllAs(Label.class).stream()
                .anyMatch(label -> label.isVisible() && label.getText().contains("tokens/s"))));
    }

    @Test
    void theModelsPageAddsDownloadsUsesAndDeletesModelFiles() throws Exception {
        app = TestApp.start(dataDir, ModelSettings.none()).initialized();
        Path local = TinyGguf.model().name("Tiny Llama").writeTo(downloads.resolve("tiny.gguf"));
        byte[] remote = Files.readAllBytes(
                TinyGguf.model().seed(9).name("Remote Tiny").writeTo(downloads.resolve("remote.bin")));
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(remote));
        ModelsViewModel[] models = new ModelsViewModel[1];
        try (FileServer server = new FileServer()) {
            server.pauseBetweenPieces(5);
            page.show(() -> {
                Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
                models[0] = new ModelsViewModel(
                        app.engine(), page.bridgeTo(app.engine()), page.background(), page.dialogs(), () -> {});
                Scene scene = new Scene(new ViewFactory(page.shellOn(app.engine())).loadModels(models[0]), 1200, 850);
                models[0].load();
                return scene;
            });

            page.dialogs().picks(local);
            robot.clickOn("#addFileButton");
            waitUntil(() -> row(models[0], "tiny")
                    .map(r -> r.statusText().equals("ready"))
                    .orElse(false));
            ModelRow tiny = row(models[0], "tiny").orElseThrow();
            assertThat(tiny.name()).isEqualTo("Tiny Llama");
            assertThat(tiny.quantization()).isEqualTo("F32");
            assertThat(tiny.contextText()).isEqualTo("512 tokens");

            // A download whose checksum does not match is refused with the reason; the right one arrives.
            type("#downloadUrl", server.put("wrong.gguf", remote).toString());
            type("#downloadSha256", "0".repeat(64));
            robot.clickOn("#downloadButton");
            waitUntil(() -> row(models[0], "wrong")
                    .map(r -> r.statusText().startsWith("failed"))
                    .orElse(false));
            assertThat(row(models[0], "wrong").orElseThrow().error()).containsIgnoringCase("SHA-256");
            waitUntil(() -> onFx(() -> models[0].errorProperty().get()).startsWith("wrong could not be downloaded:"));
            type("#downloadUrl", server.put("remote.gguf", remote).toString());
            type("#downloadSha256", sha256);
            robot.clickOn("#downloadButton");
            waitUntil(() -> row(models[0], "remote")
                    .map(r -> r.statusText().equals("ready"))
                    .orElse(false));
            assertThat(row(models[0], "remote").orElseThrow().name()).isEqualTo("Remote Tiny");
            waitUntil(() -> onFx(() -> models[0].noticeProperty().get())
                    .equals("Remote Tiny has arrived and its SHA-256 matches; use it for all agents when you like."));
            assertThat(onFx(() -> models[0].errorProperty().get())).isEmpty();

            select("tiny");
            robot.clickOn("#activateButton");
            waitUntil(() -> row(models[0], "tiny")
                    .map(r -> r.statusText().equals("in use"))
                    .orElse(false));
            assertThat(robot.lookup("#modelsNotice").queryAs(Label.class).getText())
                    .isEqualTo("Tiny Llama is now the model every agent uses.");
            assertThat(app.engine().status().model().ready()).isTrue();

            // The model in use cannot be deleted: the agents would have none.
            select("tiny");
            page.dialogs().confirms(true);
            robot.clickOn("#deleteButton");
            waitUntil(() -> !onFx(() -> models[0].errorProperty().get()).isEmpty());
            assertThat(onFx(() -> models[0].errorProperty().get())).contains("use another model first");
            assertThat(Files.exists(dataDir.resolve("models/tiny.gguf"))).isTrue();

            select("wrong");
            page.dialogs().confirms(true);
            robot.clickOn("#deleteButton");
            waitUntil(() -> row(models[0], "wrong").isEmpty());
            assertThat(Files.list(dataDir.resolve("models"))
                            .map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("wrong"));
        }
    }

    private Optional<ModelRow> row(ModelsViewModel models, String id) throws Exception {
        return onFx(
                () -> models.models().stream().filter(r -> r.id().equals(id)).findFirst());
    }

    @SuppressWarnings("unchecked")
    private void select(String id) throws Exception {
        TableView<ModelRow> table = robot.lookup("#modelTable").queryAs(TableView.class);
        robot.interact(() -> table.getItems().stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .ifPresent(r -> table.getSelectionModel().select(r)));
    }

    /** Pastes rather than types: a 64-character checksum typed key by key takes seconds under Monocle. */
    private void type(String id, String text) {
        TextInputControl field = robot.lookup(id).queryAs(TextInputControl.class);
        robot.clickOn(field);
        robot.interact(() -> field.setText(text));
    }
}
