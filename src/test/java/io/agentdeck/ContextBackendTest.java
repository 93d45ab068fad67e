package io.agentdeck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.config.AppInfo;
import io.agentdeck.config.DataDirectory;
import io.agentdeck.config.EffectiveSettings;
import io.agentdeck.config.ServerSettings;
import io.agentdeck.config.Settings;
import io.agentdeck.config.UiSettings;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.LocalApiStatus;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desktop's view of the composition root: API status, token and settings file, on the real app. */
class ContextBackendTest {
    @TempDir
    Path dataDir;

    @Test
    void aRunningApiReportsItsUrlAndTheTokenCanBeCopiedAndRegenerated() {
        try (TestApp app = TestApp.start(dataDir, ModelSettings.none())) {
            ContextBackend backend = new ContextBackend(app.context(), app::close);

            LocalApiStatus status = backend.apiStatus();
            assertThat(status.state()).isEqualTo(LocalApiStatus.State.RUNNING);
            assertThat(status.url()).contains(app.baseUrl());
            assertThat(status.connectedClients()).isZero();
            assertThat(status.authEnabled()).isTrue();

            String before = backend.apiToken().orElseThrow();
            assertThat(before).isEqualTo(app.token());
            backend.regenerateApiToken();
            String after = backend.apiToken().orElseThrow();
            assertThat(after).isNotEqualTo(before);
            assertThat(app.http().get("/api/status").status())
                    .as("the old token is refused after regenerating")
                    .isEqualTo(401);
        }
    }

    @Test
    void anApiThatCannotBindIsReportedStoppedWithTheReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                AppContext context = AppContext.create(
                        new AppInfo("AgentDeck", "test"),
                        DataDirectory.open(dataDir),
                        new EffectiveSettings(
                                ModelSettings.none(),
                                new ServerSettings("127.0.0.1", taken.getLocalPort(), true),
                                UiSettings.defaults()),
                        Map.of())) {
            ContextBackend backend = new ContextBackend(context);
            assertThat(backend.apiStatus().state()).isEqualTo(LocalApiStatus.State.STARTING);

            assertThatThrownBy(backend::startApi).isInstanceOf(IllegalStateException.class);

            LocalApiStatus status = backend.apiStatus();
            assertThat(status.state()).isEqualTo(LocalApiStatus.State.STOPPED);
            assertThat(status.problem().orElseThrow()).contains(String.valueOf(taken.getLocalPort()));
            assertThat(status.url()).isEmpty();
        }
    }

    @Test
    void savedSettingsAreReadBackFromTheSettingsFile() {
        try (TestApp app = TestApp.start(dataDir, ModelSettings.none())) {
            ContextBackend backend = new ContextBackend(app.context(), app::close);
            assertThat(backend.storedSettings()).isEqualTo(Settings.defaults());

            Settings changed = Settings.defaults()
                    .withUi(UiSettings.defaults().withTheme("dark").withWindow(10, 20, 900, 700));
            backend.saveSettings(changed);

            assertThat(new ContextBackend(app.context()).storedSettings().ui()).isEqualTo(changed.ui());
            assertThat(backend.databaseLocation()).startsWith("H2 file ").contains(dataDir.toString());
        }
    }
}
