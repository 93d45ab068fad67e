package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.config.Settings;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.view.ViewFactory;
import io.agentdeck.ui.viewmodel.SettingsViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The Settings page in a shown window under Monocle, on the real app against the fake model server. */
@AppTest
class SettingsPageTest {
    @FromApp
    private TestApp app;

    @RegisterExtension
    final PageStage page = new PageStage();

    private final FxRobot robot = new FxRobot();
    private final List<String> appliedThemes = new CopyOnWriteArrayList<>();
    private DesktopBackend backend;

    private FakeOpenAiServer openSettings() throws Exception {
        backend = TestAppBackend.of(app);
        // The user had a provider configured before, at an address that no longer answers.
        backend.saveSettings(Settings.defaults()
                .withModel(ModelSettings.openAi("http://127.0.0.1:9/v1", null, FakeOpenAiServer.MODEL)));
        ShellViewModel shell = page.shellOn(app.engine());
        SettingsViewModel settings =
                new SettingsViewModel(backend, page.bridgeTo(app.engine()), page.background(), appliedThemes::add);
        page.show(() -> new Scene(new ViewFactory(shell).loadSettings(settings), 820, 900));
        settings.load();
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> !robot.lookup("#baseUrlField")
                        .queryAs(TextField.class)
                        .getText()
                        .equals(ModelSettings.DEFAULT_BASE_URL));
        // The form is filled in one FX event; the URL can show before the key hint, so let that event finish.
        WaitForAsyncUtils.waitForFxEvents();
        return app.model();
    }

    private void enterUrl(String url) {
        TextField field = robot.lookup("#baseUrlField").queryAs(TextField.class);
        robot.interact(field::clear);
        robot.clickOn(field).write(url);
    }

    private void waitForLabel(String id, Predicate<String> text) throws Exception {
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> robot.lookup(id)
                        .tryQueryAs(Label.class)
                        .filter(label -> label.isVisible() && text.test(label.getText()))
                        .isPresent());
    }

    @Test
    void testingTheConnectionShowsSuccessOrFailureAndSavingConfirms() throws Exception {
        FakeOpenAiServer fake = openSettings();
        assertThat(robot.lookup(".settings-page").tryQuery()).isPresent();
        assertThat(robot.lookup("#apiKeyField").queryAs(PasswordField.class).getPromptText())
                .isEqualTo("No key saved");
        assertThat(robot.lookup("#overridesNote").query().isVisible())
                .as("no environment variable overrides anything")
                .isFalse();

        enterUrl(fake.baseUrl());
        robot.clickOn("#testConnectionButton");
        waitForLabel(
                "#connectionResult", text -> text.equals("Connected: 200, model fake-model is available (1 model)."));
        assertThat(robot.lookup("#connectionResult").queryAs(Label.class).getStyleClass())
                .contains("success");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        enterUrl("http://127.0.0.1:" + closedPort + "/v1");
        robot.clickOn("#testConnectionButton");
        waitForLabel("#connectionResult", text -> text.contains("connection refused"));
        assertThat(robot.lookup("#connectionResult").queryAs(Label.class).getStyleClass())
                .contains("danger");

        enterUrl(fake.baseUrl());
        robot.clickOn("#apiKeyField").write("sk-typed-in-the-page-1234");
        robot.clickOn("#saveButton");
        waitForLabel("#settingsMessage", text -> text.equals("Saved. The chat now uses fake-model."));
        assertThat(robot.lookup("#apiKeyField").queryAs(PasswordField.class).getPromptText())
                .isEqualTo("sk-…1234 saved");
        assertThat(backend.storedSettings().model().baseUrl()).isEqualTo(fake.baseUrl());
    }

    @Test
    void aNonLoopbackAddressWithoutAuthenticationIsRefused() throws Exception {
        openSettings();
        TextField bind = robot.lookup("#bindField").queryAs(TextField.class);
        // Through the controls rather than clicks: the form is taller than the headless screen, and a click at a
        // field's screen position can land in its neighbour once the page has scrolled.
        robot.interact(() -> bind.setText("0.0.0.0"));
        CheckBox auth = robot.lookup("#authToggle").queryAs(CheckBox.class);
        robot.interact(() -> auth.setSelected(false));
        WaitForAsyncUtils.waitForFxEvents();

        waitForLabel("#validationLabel", text -> text.startsWith("Authentication can only be off"));
        Button save = robot.lookup("#saveButton").queryAs(Button.class);
        robot.interact(save::fire);
        waitForLabel("#settingsMessage", text -> text.startsWith("Authentication can only be off"));
        assertThat(backend.storedSettings().server().host()).isEqualTo("127.0.0.1");
    }
}
