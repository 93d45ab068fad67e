package io.agentdeck.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.ContextBackend;
import io.agentdeck.config.RateLimitSetting;
import io.agentdeck.config.ServerSettings;
import io.agentdeck.config.Settings;
import io.agentdeck.config.secrets.FileSecretStore;
import io.agentdeck.config.secrets.SecretStore;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.chat.Reply;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.DesktopBackend;
import io.agentdeck.ui.FxBridge;
import io.agentdeck.ui.LocalApiStatus;
import io.agentdeck.ui.viewmodel.SettingsViewModel.Provider;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Settings page's logic, synchronously on the real app and its settings files, against fake model servers. */
class SettingsViewModelTest {
    private static final Executor NOW = Runnable::run;
    private static final String KEY = "sk-proj-abcdefghijklmnop9f3a";

    @TempDir
    Path dataDir;

    private FakeOpenAiServer startedWith;
    private FakeOpenAiServer other;
    private TestApp app;
    private DesktopBackend backend;
    private FxBridge bridge;
    private final List<String> appliedThemes = new CopyOnWriteArrayList<>();
    private SettingsViewModel settings;

    @BeforeEach
    void start() {
        startedWith = FakeOpenAiServer.start();
        other = FakeOpenAiServer.start();
        app = TestApp.start(dataDir, TestApp.fakeModel(startedWith.baseUrl()));
        backend = new ContextBackend(app.context(), app::close);
        bridge = new FxBridge(app.engine().events(), NOW);
        settings = new SettingsViewModel(backend, bridge, NOW, appliedThemes::add);
    }

    @AfterEach
    void stop() {
        bridge.close();
        backend.close();
        startedWith.close();
        other.close();
    }

    private String settingsFile() throws Exception {
        return Files.readString(dataDir.resolve("settings.json"), StandardCharsets.UTF_8);
    }

    private void saveKey(String key) {
        backend.saveSettings(Settings.defaults().withModel(ModelSettings.openAi(other.baseUrl(), key, "fake-model")));
    }

    @Test
    void theFormIsCheckedWithMessagesThatSayWhatToFix() {
        settings.load();
        assertThat(settings.providerProperty().get())
                .as("a fresh data directory has no provider saved")
                .isEqualTo(Provider.NONE);
        settings.providerProperty().set(Provider.OPENAI_COMPATIBLE);
        assertThat(settings.validate()).isEmpty();

        settings.baseUrlProperty().set("localhost:11434/v1");
        assertThat(settings.validationErrorProperty().get()).startsWith("The server URL must start with http://");
        settings.providerProperty().set(Provider.NONE);
        assertThat(settings.validationErrorProperty().get())
                .as("no URL is needed without a provider")
                .isEmpty();
        settings.providerProperty().set(Provider.OPENAI_COMPATIBLE);
        settings.baseUrlProperty().set("http://localhost:11434/v1");

        settings.portProperty().set("70000");
        assertThat(settings.validationErrorProperty().get())
                .isEqualTo("The API port must be a whole number from 1 to 65535.");
        settings.portProperty().set("five");
        assertThat(settings.validate()).contains("The API port must be a whole number from 1 to 65535.");
        settings.portProperty().set("5001");

        settings.bindAddressProperty().set("0.0.0.0");
        assertThat(settings.validate()).isEmpty();
        settings.authEnabledProperty().set(false);
        assertThat(settings.validationErrorProperty().get())
                .startsWith("Authentication can only be off when the API listens on a loopback address");
        settings.bindAddressProperty().set("localhost");
        assertThat(settings.validate()).isEmpty();

        settings.modelNameProperty().set(" ");
        settings.save();
        assertThat(settings.messageProperty().get()).startsWith("Enter a model name");
        assertThat(settings.messageIsErrorProperty().get()).isTrue();
        assertThat(dataDir.resolve("settings.json")).as("nothing was saved").doesNotExist();
    }

    @Test
    void theSavedKeyIsShownMaskedAndNeverInFull() {
        saveKey(KEY);

        settings.load();

        assertThat(settings.savedKeyHintProperty().get()).isEqualTo("sk-…9f3a saved");
        assertThat(settings.apiKeyProperty().get()).isEmpty();
        assertThat(settings.keySavedProperty().get()).isTrue();
        assertThat(settings.keyStorageProperty().get()).contains("secrets.json");
        assertThat(SettingsViewModel.mask("short-key")).isEqualTo("••••");
    }

    @Test
    void savingWritesTheFileKeepsTheKeyApartAndTheChatUsesTheNewServerAtOnce() throws Exception {
        app.engine().initialize();
        other.requireApiKey(KEY);
        settings.load();
        settings.providerProperty().set(Provider.OPENAI_COMPATIBLE);
        settings.baseUrlProperty().set(other.baseUrl());
        settings.modelNameProperty().set(FakeOpenAiServer.MODEL);
        settings.apiKeyProperty().set(KEY);

        settings.save();

        assertThat(settings.messageIsErrorProperty().get()).isFalse();
        assertThat(settings.messageProperty().get()).isEqualTo("Saved. The chat now uses fake-model.");
        assertThat(settings.apiKeyProperty().get())
                .as("the typed key leaves the field")
                .isEmpty();
        assertThat(settings.savedKeyHintProperty().get()).isEqualTo("sk-…9f3a saved");
        assertThat(settingsFile()).contains(other.baseUrl()).doesNotContain(KEY);
        assertThat(FileSecretStore.in(dataDir).read(SecretStore.OPENAI_API_KEY)).contains(KEY);

        long agentId = app.engine().agents().getFirst().id();
        Reply reply = app.engine().sendMessage(MessageRequest.of(agentId, "hello after saving"));

        assertThat(reply.text()).isEqualTo("Echo: hello after saving");
        assertThat(other.requestCount()).isEqualTo(1);
        assertThat(startedWith.requestCount()).isZero();
    }

    @Test
    void environmentVariablesThatWinAreNamedAndTheSavedMessageNamesTheModelInUse() throws Exception {
        stop();
        startedWith = FakeOpenAiServer.start();
        other = FakeOpenAiServer.start();
        app = TestApp.startWithEnvironment(
                dataDir, TestApp.fakeModel(startedWith.baseUrl()), Map.of("AGENTDECK_MODEL", FakeOpenAiServer.MODEL));
        backend = new ContextBackend(app.context(), app::close);
        bridge = new FxBridge(app.engine().events(), NOW);
        settings = new SettingsViewModel(backend, bridge, NOW, appliedThemes::add);
        settings.load();
        assertThat(settings.overridesProperty().get())
                .isEqualTo("Set when AgentDeck was started, and used instead of what is saved here: AGENTDECK_MODEL"
                        + " (model).");

        settings.providerProperty().set(Provider.OPENAI_COMPATIBLE);
        settings.baseUrlProperty().set(other.baseUrl());
        settings.modelNameProperty().set("a-model-the-environment-overrides");
        settings.save();

        assertThat(settings.messageProperty().get())
                .isEqualTo("Saved. The chat now uses fake-model. Some settings are still decided at start-up (see"
                        + " above).");
        assertThat(settingsFile()).contains("a-model-the-environment-overrides");
    }

    @Test
    void noOverrideNoteWithoutEnvironmentVariables() {
        settings.load();
        assertThat(settings.overridesProperty().get()).isEmpty();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void savingApiServerChangesRestartsTheApiThereAtOnce() throws Exception {
        int oldPort = app.port();
        int newPort = freePort();
        settings.load();
        settings.portProperty().set(String.valueOf(newPort));

        settings.save();

        String url = "http://127.0.0.1:" + newPort;
        assertThat(settings.messageIsErrorProperty().get()).isFalse();
        assertThat(settings.messageProperty().get()).endsWith(" The local API now listens on " + url + ".");
        assertThat(backend.storedSettings().server().port()).isEqualTo(newPort);
        assertThat(new HttpJson(url, Optional.of(app.token()))
                        .get("/api/status")
                        .status())
                .isEqualTo(200);
        assertThat(new HttpJson(url).get("/api/status").status())
                .as("authentication is still on")
                .isEqualTo(401);
        assertThatThrownBy(() -> app.http().get("/api/status"))
                .as("nothing listens on port " + oldPort + " any more")
                .isInstanceOf(UncheckedIOException.class);

        settings.authEnabledProperty().set(false);
        settings.save();

        assertThat(new HttpJson(url).get("/api/status").status())
                .as("authentication is off now")
                .isEqualTo(200);
        assertThat(backend.apiStatus().authEnabled()).isFalse();
    }

    @Test
    void repliesAtOnceAreLoadedCheckedAndSaved() throws Exception {
        Files.writeString(
                dataDir.resolve("settings.json"), """
                {"model": {"provider": "openai", "base_url": "%s", "model_name": "fake-model", "max_parallel": 6}}
                """.formatted(startedWith.baseUrl()), StandardCharsets.UTF_8);
        settings.load();
        assertThat(settings.maxParallelProperty().get()).isEqualTo("6");

        settings.maxParallelProperty().set("0");
        assertThat(settings.validationErrorProperty().get())
                .isEqualTo("Replies at once must be a whole number from 1 to 64, or empty for the default (4).");
        settings.maxParallelProperty().set("2");
        settings.portProperty().set(String.valueOf(freePort()));
        settings.save();

        assertThat(settings.messageIsErrorProperty().get()).isFalse();
        assertThat(backend.storedSettings().model().maxParallel()).contains(2);
        assertThat(settingsFile()).contains("\"max_parallel\" : 2");

        settings.maxParallelProperty().set(" ");
        settings.save();
        assertThat(backend.storedSettings().model().maxParallel())
                .as("empty returns to the default")
                .isEmpty();
    }

    @Test
    void savingKeepsTheRateLimitThePageDoesNotShow() throws Exception {
        Files.writeString(dataDir.resolve("settings.json"), """
                {"api": {"rate_limit": {"burst": 20, "per_second": 4}}}
                """, StandardCharsets.UTF_8);
        settings.load();
        settings.portProperty().set(String.valueOf(freePort()));

        settings.save();
        settings.themeProperty().set("dark");

        assertThat(settings.messageIsErrorProperty().get()).isFalse();
        assertThat(backend.storedSettings().api().rateLimit()).contains(new RateLimitSetting(20, 4));
        assertThat(backend.storedSettings().ui().theme()).isEqualTo("dark");
        assertThat(settingsFile()).contains("\"rate_limit\"", "\"burst\" : 20");
    }

    @Test
    void aPortInUseIsReportedAndTheApiStaysWhereItWas() throws Exception {
        int oldPort = app.port();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            settings.load();
            settings.portProperty().set(String.valueOf(taken.getLocalPort()));

            settings.save();

            assertThat(settings.messageIsErrorProperty().get()).isTrue();
            assertThat(settings.messageProperty().get())
                    .endsWith(" The local API could not restart: port " + taken.getLocalPort()
                            + " is already in use; stop the other program or choose another port; it still listens on"
                            + " http://127.0.0.1:" + oldPort + ".");
            assertThat(backend.apiStatus().state()).isEqualTo(LocalApiStatus.State.RUNNING);
            assertThat(app.http().get("/api/status").status()).isEqualTo(200);
            assertThat(backend.storedSettings().server().port())
                    .as("the settings are saved all the same")
                    .isEqualTo(taken.getLocalPort());
        }
        int freePort = freePort();
        settings.portProperty().set(String.valueOf(freePort));
        settings.save();

        assertThat(settings.messageIsErrorProperty().get()).isFalse();
        assertThat(new HttpJson("http://127.0.0.1:" + freePort, Optional.of(app.token()))
                        .get("/api/status")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void authOffOnANetworkAddressFromTheEnvironmentIsRefusedAndTheApiKeepsRunning() {
        stop();
        startedWith = FakeOpenAiServer.start();
        other = FakeOpenAiServer.start();
        app = TestApp.startWithEnvironment(
                dataDir, TestApp.fakeModel(startedWith.baseUrl()), Map.of("AGENTDECK_HOST", "0.0.0.0"));
        backend = new ContextBackend(app.context(), app::close);
        bridge = new FxBridge(app.engine().events(), NOW);
        settings = new SettingsViewModel(backend, bridge, NOW, appliedThemes::add);
        settings.load();
        settings.authEnabledProperty().set(false);

        settings.save();

        assertThat(settings.messageIsErrorProperty().get()).isTrue();
        assertThat(settings.messageProperty().get())
                .contains("The local API could not restart: authentication can only be off when the API listens on a"
                        + " loopback address, not 0.0.0.0");
        assertThat(app.http().get("/api/status").status())
                .as("the running API was left alone")
                .isEqualTo(200);
        assertThat(backend.apiStatus().authEnabled()).isTrue();
    }

    @Test
    void aPortSetByTheEnvironmentKeepsWinningWhenTheApiRestarts() throws Exception {
        stop();
        startedWith = FakeOpenAiServer.start();
        other = FakeOpenAiServer.start();
        int envPort = freePort();
        app = TestApp.startWithEnvironment(
                dataDir, TestApp.fakeModel(startedWith.baseUrl()), Map.of("AGENTDECK_PORT", String.valueOf(envPort)));
        backend = new ContextBackend(app.context(), app::close);
        bridge = new FxBridge(app.engine().events(), NOW);
        settings = new SettingsViewModel(backend, bridge, NOW, appliedThemes::add);
        // As Main does: the API starts on the resolved settings, where the environment's port won.
        app.context().restartApi(new ServerSettings("127.0.0.1", envPort, true));
        settings.load();
        settings.portProperty().set(String.valueOf(freePort()));
        settings.authEnabledProperty().set(false);

        settings.save();

        assertThat(settings.messageProperty().get())
                .endsWith(" The local API now listens on http://127.0.0.1:" + envPort + ".");
        assertThat(backend.apiStatus().authEnabled())
                .as("what the environment did not set is applied")
                .isFalse();
    }

    @Test
    void removingTheKeyDeletesItOnSave() throws Exception {
        saveKey(KEY);
        settings.load();

        settings.removeKey();
        assertThat(settings.savedKeyHintProperty().get()).isEqualTo("The saved key will be removed when you save");
        settings.save();

        assertThat(FileSecretStore.in(dataDir).read(SecretStore.OPENAI_API_KEY)).isEmpty();
        assertThat(settings.savedKeyHintProperty().get()).isEqualTo("No key saved");
        assertThat(backend.storedSettings().model().apiKey()).isEmpty();
    }

    @Test
    void aThemeChangeIsAppliedAtOnceAndSaved() {
        settings.load();

        settings.themeProperty().set("dark");

        assertThat(appliedThemes).endsWith("dark");
        assertThat(backend.storedSettings().ui().theme()).isEqualTo("dark");
    }

    @Test
    void testingTheConnectionUsesTheSavedKeyAndReportsTheOutcome() throws Exception {
        other.requireApiKey(KEY);
        saveKey(KEY);
        settings.load();

        settings.testConnection();

        assertThat(settings.testingProperty().get()).isFalse();
        assertThat(settings.connectionOkProperty().get()).isTrue();
        assertThat(settings.connectionResultProperty().get())
                .isEqualTo("Connected: 200, model fake-model is available (1 model).");

        settings.apiKeyProperty().set("sk-typed-but-wrong-key");
        settings.testConnection();
        assertThat(settings.connectionOkProperty().get()).isFalse();
        assertThat(settings.connectionResultProperty().get()).startsWith("401 Unauthorized");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        settings.baseUrlProperty().set("http://127.0.0.1:" + closedPort + "/v1");
        settings.testConnection();
        assertThat(settings.connectionOkProperty().get()).isFalse();
        assertThat(settings.connectionResultProperty().get()).contains("connection refused");
    }

    @Test
    void regeneratingTheTokenReplacesIt() {
        String before = app.token();

        settings.regenerateToken();

        assertThat(app.token()).isNotEqualTo(before);
        assertThat(settings.messageProperty().get()).startsWith("A new API token was made.");
    }
}
