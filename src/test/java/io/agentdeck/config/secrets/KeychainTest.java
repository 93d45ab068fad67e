package io.agentdeck.config.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.agentdeck.config.DataDirectory;
import io.agentdeck.config.Settings;
import io.agentdeck.config.SettingsRepository;
import io.agentdeck.config.SettingsStore;
import io.agentdeck.engine.model.ModelSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Secret Service path through {@code secret-tool}, against a real GNOME Keyring on a private bus. */
class KeychainTest {
    private static final String KEY = "sk-proj-keychain-test-4242";

    @TempDir
    Path keyringFolder;

    @TempDir
    Path dataDir;

    private PrivateKeyring keyring;

    @BeforeEach
    void startKeyring() throws Exception {
        assumeTrue(PrivateKeyring.toolsInstalled(), "dbus-daemon, gnome-keyring-daemon and secret-tool are installed");
        try {
            keyring = PrivateKeyring.start(keyringFolder);
        } catch (IOException e) {
            // The machine's packages, not AgentDeck, failed here (e.g. a container without what the daemon needs).
            Assumptions.abort("No private keyring could start: " + e.getMessage());
        }
    }

    @AfterEach
    void stopKeyring() {
        if (keyring != null) {
            keyring.close();
        }
    }

    private CommandLineKeychain keychain(String scope) {
        return new CommandLineKeychain(
                new CommandLineKeychain.SecretTool(),
                scope,
                new CommandRunner(Duration.ofSeconds(10), keyring.environment()));
    }

    @Test
    void storesReadsAndDeletesSecretsScopedToTheDataDirectory() throws Exception {
        CommandLineKeychain mine = keychain("/home/ann/agentdeck");
        CommandLineKeychain other = keychain("/home/ann/agentdeck-test");

        assertThat(mine.available()).isTrue();
        assertThat(mine.read(SecretStore.OPENAI_API_KEY)).isEmpty();
        mine.write(SecretStore.OPENAI_API_KEY, KEY);

        assertThat(mine.read(SecretStore.OPENAI_API_KEY)).contains(KEY);
        assertThat(other.read(SecretStore.OPENAI_API_KEY))
                .as("another installation's scope")
                .isEmpty();
        mine.write(SecretStore.OPENAI_API_KEY, KEY + "-new");
        assertThat(mine.read(SecretStore.OPENAI_API_KEY)).contains(KEY + "-new");

        mine.delete(SecretStore.OPENAI_API_KEY);
        assertThat(mine.read(SecretStore.OPENAI_API_KEY)).isEmpty();
        mine.delete(SecretStore.OPENAI_API_KEY);
    }

    @Test
    void detectionMovesAKeyFromTheFileIntoTheKeychainAndSettingsKeepItThere() throws Exception {
        FileSecretStore.in(dataDir).write(SecretStore.OPENAI_API_KEY, KEY);

        SecretStore store = SecretStores.detect(dataDir, "Linux", keyring.environment());

        assertThat(store).isInstanceOf(CommandLineKeychain.class);
        assertThat(store.description()).isEqualTo("the system keychain (Secret Service)");
        assertThat(store.read(SecretStore.OPENAI_API_KEY)).contains(KEY);
        assertThat(FileSecretStore.in(dataDir).file()).doesNotExist();

        SettingsRepository settings = new SettingsRepository(SettingsStore.in(DataDirectory.open(dataDir)), store);
        settings.save(Settings.defaults()
                .withModel(ModelSettings.openAi("http://127.0.0.1:11434/v1", KEY + "-saved", "llama3.2")));

        assertThat(Files.readString(dataDir.resolve("settings.json"), StandardCharsets.UTF_8))
                .contains("llama3.2")
                .doesNotContain(KEY);
        assertThat(settings.load().model().apiKey()).contains(KEY + "-saved");
        assertThat(keychain(dataDir.toAbsolutePath().toString()).read(SecretStore.OPENAI_API_KEY))
                .contains(KEY + "-saved");
    }
}
