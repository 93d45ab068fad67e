package io.agentdeck.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.config.secrets.FileSecretStore;
import io.agentdeck.config.secrets.SecretStore;
import io.agentdeck.engine.model.ModelSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsRepositoryTest {
    private static final String KEY = "sk-proj-abcdefghijklmnop9f3a";

    @TempDir
    Path dataDir;

    private SettingsStore file;
    private FileSecretStore secrets;
    private SettingsRepository repository;

    @BeforeEach
    void open() {
        file = new SettingsStore(dataDir.resolve("settings.json"));
        secrets = FileSecretStore.in(dataDir);
        repository = new SettingsRepository(file, secrets);
    }

    private String settingsFileText() throws Exception {
        return Files.readString(file.file(), StandardCharsets.UTF_8);
    }

    @Test
    void theKeyGoesToTheSecretStoreAndNotIntoSettingsJson() throws Exception {
        Settings settings =
                Settings.defaults().withModel(ModelSettings.openAi("http://localhost:11434/v1", KEY, "llama3.2"));

        repository.save(settings);

        assertThat(settingsFileText()).doesNotContain(KEY).contains("llama3.2");
        assertThat(secrets.read(SecretStore.OPENAI_API_KEY)).contains(KEY);
        Settings loaded = new SettingsRepository(file, FileSecretStore.in(dataDir)).load();
        assertThat(loaded.model().apiKey()).contains(KEY);
        assertThat(loaded.model().provider()).isEqualTo(ModelSettings.PROVIDER_OPENAI);
        assertThat(loaded.model().modelName()).isEqualTo("llama3.2");
    }

    @Test
    void aKeyInAnOldSettingsFileKeepsWorkingAndMovesOnTheNextSave() throws Exception {
        Files.writeString(file.file(), """
                {"model": {"api_key": "%s", "model_name": "gpt-4o"}, "ui": {"theme": "dark"}}
                """.formatted(KEY), StandardCharsets.UTF_8);

        Settings old = repository.load();
        assertThat(old.model().apiKey()).contains(KEY);
        assertThat(old.model().provider()).isEqualTo(ModelSettings.PROVIDER_OPENAI);
        assertThat(old.providerExplicit()).isFalse();

        // Any save moves it, e.g. the window remembering its size.
        repository.save(old.withUi(old.ui().withWindow(10, 20, 800, 600)));

        assertThat(settingsFileText()).doesNotContain(KEY);
        assertThat(secrets.read(SecretStore.OPENAI_API_KEY)).contains(KEY);
        Settings moved = repository.load();
        assertThat(moved.model().apiKey()).contains(KEY);
        assertThat(moved.model().provider())
                .as("the provider inferred from the key survives the key leaving the file")
                .isEqualTo(ModelSettings.PROVIDER_OPENAI);
        assertThat(moved.ui().theme()).isEqualTo("dark");
    }

    @Test
    void savingWithoutAKeyRemovesTheStoredOne() throws Exception {
        repository.save(Settings.defaults().withModel(ModelSettings.openAi(null, KEY, null)));

        repository.save(Settings.defaults().withModel(ModelSettings.openAi("http://localhost:1234/v1", null, "m")));

        assertThat(secrets.read(SecretStore.OPENAI_API_KEY)).isEmpty();
        assertThat(repository.load().model().apiKey()).isEmpty();
    }

    @Test
    void theEnvironmentKeyStillWinsOverTheStoredOne() throws Exception {
        repository.save(Settings.defaults().withModel(ModelSettings.openAi(null, KEY, null)));

        EffectiveSettings effective = SettingsResolver.resolve(
                repository.load(),
                Map.of(SettingsResolver.ENV_OPENAI_API_KEY, "sk-from-environment"),
                CommandLineOptions.defaults());

        assertThat(effective.model().apiKey()).contains("sk-from-environment");
        assertThat(settingsFileText()).doesNotContain("sk-from-environment");
    }

    @Test
    void aRateLimitSurvivesSavesThatChangeOtherSettings() throws Exception {
        Files.writeString(file.file(), """
                {"api": {"rate_limit": {"burst": 20, "per_second": 4}}, "model": {"api_key": "%s"}}
                """.formatted(KEY), StandardCharsets.UTF_8);

        Settings stored = repository.load();
        assertThat(stored.api().rateLimit()).contains(new RateLimitSetting(20, 4));
        // As the Settings page and the window geometry save: from the loaded settings, with the key moving out.
        repository.save(stored.withModel(ModelSettings.openAi(null, KEY, "gpt-4o"))
                .withServer(new ServerSettings("127.0.0.1", 5050, true))
                .withUi(stored.ui().withWindow(1, 2, 800, 600)));

        Settings reloaded = repository.load();
        assertThat(reloaded.api().rateLimit()).contains(new RateLimitSetting(20, 4));
        assertThat(reloaded.model().apiKey()).contains(KEY);

        repository.save(reloaded.withApi(ApiSettings.unlimited()));
        repository.save(repository.load().withUi(UiSettings.defaults().withTheme("dark")));
        assertThat(repository.load().api().rateLimit()).isEmpty();
        assertThat(settingsFileText()).contains("\"rate_limit\" : 0");
        assertThat(settingsFileText()).doesNotContain(KEY);
    }
}
