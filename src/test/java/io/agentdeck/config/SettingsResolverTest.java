package io.agentdeck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.model.ModelSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsResolverTest {

    private static final String FILE_KEY = "sk-file-key-0001";
    private static final String ENV_KEY = "sk-env-key-0002";
    private static final CommandLineOptions NO_FLAGS = CommandLineOptions.defaults();

    private static EffectiveSettings resolve(Settings file, Map<String, String> env, String... args)
            throws ConfigurationException {
        return SettingsResolver.resolve(file, env, CommandLineParser.parse(args));
    }

    @Test
    void nothingConfiguredMeansNoModel() throws ConfigurationException {
        EffectiveSettings effective = resolve(Settings.defaults(), Map.of());

        assertThat(effective.model().provider()).isEqualTo(ModelSettings.PROVIDER_NONE);
        assertThat(effective.modelConfigured()).isFalse();
        assertThat(EffectiveSettings.NO_MODEL_MESSAGE).contains("OPENAI_API_KEY", "OPENAI_BASE_URL");
    }

    @Test
    void keyFromEnvironmentSelectsOpenAi() throws ConfigurationException {
        EffectiveSettings effective = resolve(Settings.defaults(), Map.of("OPENAI_API_KEY", ENV_KEY));

        assertThat(effective.model().provider()).isEqualTo(ModelSettings.PROVIDER_OPENAI);
        assertThat(effective.model().apiKey()).contains(ENV_KEY);
        assertThat(effective.model().baseUrl()).isEqualTo(ModelSettings.DEFAULT_BASE_URL);
        assertThat(effective.modelConfigured()).isTrue();
    }

    @Test
    void keyFromFileSelectsOpenAi() throws ConfigurationException {
        Settings file = inferredFromFile(ModelSettings.openAi(null, FILE_KEY, null));

        EffectiveSettings effective = resolve(file, Map.of());

        assertThat(effective.model().provider()).isEqualTo(ModelSettings.PROVIDER_OPENAI);
        assertThat(effective.model().apiKey()).contains(FILE_KEY);
    }

    @Test
    void baseUrlFromEnvironmentAloneSelectsOpenAiWithoutKey() throws ConfigurationException {
        EffectiveSettings effective =
                resolve(Settings.defaults(), Map.of("OPENAI_BASE_URL", "http://localhost:11434/v1"));

        assertThat(effective.model().provider()).isEqualTo(ModelSettings.PROVIDER_OPENAI);
        assertThat(effective.model().baseUrl()).isEqualTo("http://localhost:11434/v1");
        assertThat(effective.model().apiKey()).isEmpty();
    }

    @Test
    void baseUrlFromFileAloneSelectsOpenAiWithoutKey() throws ConfigurationException {
        Settings file = inferredFromFile(ModelSettings.openAi("http://localhost:1234/v1", null, "qwen"));

        EffectiveSettings effective = resolve(file, Map.of());

        assertThat(effective.model().provider()).isEqualTo(ModelSettings.PROVIDER_OPENAI);
        assertThat(effective.model().apiKey()).isEmpty();
        assertThat(effective.model().modelName()).isEqualTo("qwen");
    }

    @Test
    void explicitNoneInFileIsRespectedDespiteKeyInEnvironment() throws ConfigurationException {
        Settings file = Settings.defaults().withModel(ModelSettings.none());

        EffectiveSettings effective = resolve(file, Map.of("OPENAI_API_KEY", ENV_KEY));

        assertThat(effective.model().provider()).isEqualTo(ModelSettings.PROVIDER_NONE);
    }

    @Test
    void providerFromEnvironmentBeatsFile() throws ConfigurationException {
        Settings file = Settings.defaults().withModel(ModelSettings.openAi(null, FILE_KEY, null));

        EffectiveSettings effective = resolve(file, Map.of("AGENTDECK_MODEL_PROVIDER", " NONE "));

        assertThat(effective.model().provider()).isEqualTo(ModelSettings.PROVIDER_NONE);
    }

    @Test
    void explicitOpenAiProviderFromEnvironmentWorksWithoutKey() throws ConfigurationException {
        EffectiveSettings effective = resolve(Settings.defaults(), Map.of("AGENTDECK_MODEL_PROVIDER", "openai"));

        assertThat(effective.model().provider()).isEqualTo(ModelSettings.PROVIDER_OPENAI);
        assertThat(effective.model().apiKey()).isEmpty();
    }

    @Test
    void environmentOverridesFileModelValuesButKeepsTimeouts() throws ConfigurationException {
        ModelSettings fileModel = ModelSettings.openAi("http://file/v1", FILE_KEY, "file-model")
                .withTimeout(Duration.ofSeconds(9))
                .withRetries(4, Duration.ofSeconds(1));
        Settings file = Settings.defaults().withModel(fileModel);

        EffectiveSettings effective = resolve(
                file,
                Map.of("OPENAI_API_KEY", ENV_KEY, "OPENAI_BASE_URL", "http://env/v1", "AGENTDECK_MODEL", "env-model"));

        assertThat(effective.model())
                .isEqualTo(new ModelSettings(
                        "openai",
                        "http://env/v1",
                        Optional.of(ENV_KEY),
                        "env-model",
                        Duration.ofSeconds(9),
                        4,
                        Duration.ofSeconds(1)));
    }

    @Test
    void repliesAtOnceComeFromTheFileAndTheEnvironmentWins() throws ConfigurationException {
        Settings file = Settings.defaults()
                .withModel(ModelSettings.openAi("http://file/v1", FILE_KEY, "m").withMaxParallel(Optional.of(6)));
        assertThat(resolve(file, Map.of()).model().effectiveMaxParallel()).isEqualTo(6);
        assertThat(resolve(file, Map.of("AGENTDECK_MAX_PARALLEL", "2")).model().maxParallel())
                .contains(2);
        assertThat(resolve(Settings.defaults(), Map.of()).model().effectiveMaxParallel())
                .as("a model server's default")
                .isEqualTo(4);
        assertThatThrownBy(() -> resolve(file, Map.of("AGENTDECK_MAX_PARALLEL", "0")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AGENTDECK_MAX_PARALLEL")
                .hasMessageContaining("from 1 to 64");
    }

    @Test
    void blankEnvironmentValuesAreIgnored() throws ConfigurationException {
        Settings file = Settings.defaults().withModel(ModelSettings.openAi(null, FILE_KEY, null));

        EffectiveSettings effective =
                resolve(file, Map.of("OPENAI_API_KEY", "", "AGENTDECK_PORT", " ", "AGENTDECK_MODEL_PROVIDER", ""));

        assertThat(effective.model().apiKey()).contains(FILE_KEY);
        assertThat(effective.server().port()).isEqualTo(ServerSettings.DEFAULT_PORT);
    }

    @Test
    void serverPrecedenceIsFileThenEnvironmentThenCommandLine() throws ConfigurationException {
        Settings file = Settings.defaults().withServer(new ServerSettings("10.0.0.1", 6000, true));
        Map<String, String> env = Map.of("AGENTDECK_HOST", "10.0.0.2", "AGENTDECK_PORT", "7000");

        assertThat(resolve(file, Map.of()).server()).isEqualTo(new ServerSettings("10.0.0.1", 6000, true));
        assertThat(resolve(file, env).server()).isEqualTo(new ServerSettings("10.0.0.2", 7000, true));
        assertThat(resolve(file, env, "--host", "10.0.0.3", "--port", "8000").server())
                .isEqualTo(new ServerSettings("10.0.0.3", 8000, true));
    }

    @Test
    void commandLineWinsEvenOverAnInvalidEnvironmentPort() throws ConfigurationException {
        assertThat(resolve(Settings.defaults(), Map.of("AGENTDECK_PORT", "x"), "--port=9000")
                        .server()
                        .port())
                .isEqualTo(9000);
    }

    @Test
    void noAuthFlagDisablesAuthentication() throws ConfigurationException {
        assertThat(resolve(Settings.defaults(), Map.of()).server().authEnabled())
                .isTrue();
        assertThat(resolve(Settings.defaults(), Map.of(), "--no-auth").server().authEnabled())
                .isFalse();
    }

    @Test
    void uiComesFromFile() throws ConfigurationException {
        Settings file = Settings.defaults().withUi(UiSettings.defaults().withTheme("dark"));

        assertThat(resolve(file, Map.of()).ui()).isEqualTo(file.ui());
    }

    @Test
    void invalidEnvironmentPortIsReported() {
        assertThatThrownBy(() ->
                        SettingsResolver.resolve(Settings.defaults(), Map.of("AGENTDECK_PORT", "99999"), NO_FLAGS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("agentdeck: AGENTDECK_PORT must be a port number from 1 to 65535, got '99999'");
    }

    @Test
    void invalidEnvironmentProviderIsReported() {
        assertThatThrownBy(() -> SettingsResolver.resolve(
                        Settings.defaults(), Map.of("AGENTDECK_MODEL_PROVIDER", "anthropic"), NO_FLAGS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("agentdeck: AGENTDECK_MODEL_PROVIDER must be 'openai', 'local' or 'none', got 'anthropic'");
    }

    @Test
    void theRateLimitDefaultsToBurst200Then50PerSecond() throws ConfigurationException {
        assertThat(resolve(Settings.defaults(), Map.of()).api().rateLimit()).contains(new RateLimitSetting(200, 50));
    }

    @Test
    void theRateLimitComesFromTheFileUnlessTheEnvironmentSetsIt() throws ConfigurationException {
        Settings file = Settings.defaults().withApi(new ApiSettings(Optional.of(new RateLimitSetting(10, 1))));

        assertThat(resolve(file, Map.of()).api().rateLimit()).contains(new RateLimitSetting(10, 1));
        assertThat(resolve(file, Map.of("AGENTDECK_RATE_LIMIT", " ")).api().rateLimit())
                .as("blank is unset")
                .contains(new RateLimitSetting(10, 1));
        assertThat(resolve(file, Map.of("AGENTDECK_RATE_LIMIT", "300/75.5"))
                        .api()
                        .rateLimit())
                .contains(new RateLimitSetting(300, 75.5));
        assertThat(resolve(file, Map.of("AGENTDECK_RATE_LIMIT", " 5 / 2 "))
                        .api()
                        .rateLimit())
                .contains(new RateLimitSetting(5, 2));
        assertThat(resolve(file, Map.of("AGENTDECK_RATE_LIMIT", "0")).api().rateLimit())
                .as("0 turns it off")
                .isEmpty();
    }

    @Test
    void anEnvironmentRateLimitTurnsOnWhatTheFileTurnedOff() throws ConfigurationException {
        Settings file = Settings.defaults().withApi(ApiSettings.unlimited());

        assertThat(resolve(file, Map.of()).api().rateLimit()).isEmpty();
        assertThat(resolve(file, Map.of("AGENTDECK_RATE_LIMIT", "20/4")).api().rateLimit())
                .contains(new RateLimitSetting(20, 4));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "fast",
                "200",
                "200/",
                "/50",
                "0/50",
                "200/0",
                "200/0.0",
                "-1/5",
                "1e3/5",
                "200/50/1",
                "off",
                "00"
            })
    void anUnusableEnvironmentRateLimitIsReportedNamingTheVariable(String value) {
        assertThatThrownBy(() ->
                        SettingsResolver.resolve(Settings.defaults(), Map.of("AGENTDECK_RATE_LIMIT", value), NO_FLAGS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("agentdeck: AGENTDECK_RATE_LIMIT must be burst/per_second, such as 200/50, or 0 for no"
                        + " limit, got '" + value + "'");
    }

    @Test
    void anEnvironmentRateLimitIsListedAsAnOverride() {
        assertThat(SettingsResolver.overrides(Map.of("AGENTDECK_RATE_LIMIT", "0", "AGENTDECK_PORT", "9000"), NO_FLAGS))
                .extracting(SettingOverride::describe)
                .containsExactly("AGENTDECK_PORT (port)", "AGENTDECK_RATE_LIMIT (rate limit)");
    }

    @Test
    void apiKeyNeverAppearsInToString() throws ConfigurationException {
        Settings file = Settings.defaults().withModel(ModelSettings.openAi(null, FILE_KEY, null));
        EffectiveSettings effective = resolve(file, Map.of("OPENAI_API_KEY", ENV_KEY));

        assertThat(file.toString()).doesNotContain(FILE_KEY).contains("apiKey=set");
        assertThat(effective.toString()).doesNotContain(ENV_KEY, FILE_KEY);
        assertThat(SettingsJson.from(file).toString()).doesNotContain(FILE_KEY);
        assertThat(SettingsJson.from(file).model().toString()).doesNotContain(FILE_KEY);
    }

    @Test
    void overridesAreListedInTheSettingsPageOrderAndBlankOnesAreNot() throws CommandLineException {
        var env = Map.of(
                "AGENTDECK_PORT", "9000",
                "AGENTDECK_MODEL", "env-model",
                "OPENAI_API_KEY", "  ",
                "OPENAI_BASE_URL", "http://localhost:11434/v1",
                "HOME", "/home/ann");

        assertThat(SettingsResolver.overrides(env, NO_FLAGS))
                .extracting(SettingOverride::describe)
                .containsExactly("OPENAI_BASE_URL (server URL)", "AGENTDECK_MODEL (model)", "AGENTDECK_PORT (port)");
        assertThat(SettingsResolver.overrides(Map.of(), NO_FLAGS)).isEmpty();
        assertThat(SettingsResolver.overrides(Map.of(), CommandLineParser.parse("--port", "7000", "--no-auth")))
                .extracting(SettingOverride::describe)
                .containsExactly("--port (port)", "--no-auth (authentication)");
    }

    /** As if read from a file that names no provider, so the provider was only inferred. */
    private static Settings inferredFromFile(ModelSettings model) {
        return new Settings(model, ServerSettings.defaults(), UiSettings.defaults(), ApiSettings.defaults(), false);
    }
}
