package io.agentdeck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.agentdeck.engine.model.ModelSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class SettingsStoreTest {

    private static final String KEY = "sk-test-0123456789abcdef";

    @TempDir
    Path temp;

    private Path file;
    private SettingsStore store;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void setUp() {
        file = temp.resolve("settings.json");
        store = new SettingsStore(file);
        logged.start();
        storeLogger().addAppender(logged);
    }

    @AfterEach
    void tearDown() {
        storeLogger().detachAppender(logged);
    }

    private static Logger storeLogger() {
        return (Logger) LoggerFactory.getLogger(SettingsStore.class);
    }

    @Test
    void missingFileGivesDefaults() throws IOException {
        Settings settings = store.load();

        assertThat(settings).isEqualTo(Settings.defaults());
        assertThat(settings.model().provider()).isEqualTo(ModelSettings.PROVIDER_NONE);
        assertThat(settings.server()).isEqualTo(new ServerSettings("127.0.0.1", 5000, true));
        assertThat(settings.ui().theme()).isEqualTo("light");
        assertThat(settings.providerExplicit()).isFalse();
        assertThat(file).doesNotExist();
    }

    @Test
    void roundTripsEverything() throws IOException {
        ModelSettings model = new ModelSettings(
                "openai", "http://localhost:11434/v1", Optional.of(KEY), "llama3", Duration.ofSeconds(30), 5, null);
        Settings original = new Settings(
                model,
                new ServerSettings("0.0.0.0", 8080, false),
                UiSettings.defaults().withTheme("dark").withWindow(10, 20.5, 1280, 800));

        store.save(original);
        Settings loaded = store.load();

        assertThat(loaded).isEqualTo(original);
        assertThat(loaded.model().apiKey()).contains(KEY);
        assertThat(loaded.model().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(loaded.model().maxRetries()).isEqualTo(5);
    }

    @Test
    void roundTripsDefaultsWithoutMakingTheProviderExplicit() throws IOException {
        store.save(Settings.defaults());

        assertThat(store.load()).isEqualTo(Settings.defaults());
        assertThat(Files.readString(file)).doesNotContain("provider", "base_url");
    }

    @Test
    void writesSnakeCaseJson() throws IOException {
        store.save(Settings.defaults()
                .withModel(ModelSettings.openAi("http://localhost:1234/v1", KEY, "m"))
                .withUi(UiSettings.defaults().withWindow(1, 2, 3, 4)));

        assertThat(Files.readString(file))
                .contains(
                        "\"base_url\"",
                        "\"api_key\"",
                        "\"model_name\"",
                        "\"timeout_seconds\"",
                        "\"max_retries\"",
                        "\"auth_enabled\"",
                        "\"window_width\"")
                .doesNotContain("baseUrl", "apiKey");
    }

    @Test
    void partialFileIsCompletedWithDefaults() throws IOException {
        Files.writeString(file, """
                {"ui": {"theme": "dark"}, "server": {"port": 6000}, "future_field": 1}
                """);

        Settings settings = store.load();

        assertThat(settings.ui().theme()).isEqualTo("dark");
        assertThat(settings.ui().windowX()).isEmpty();
        assertThat(settings.server()).isEqualTo(new ServerSettings("127.0.0.1", 6000, true));
        assertThat(settings.model()).isEqualTo(ModelSettings.none());
        assertThat(settings.providerExplicit()).isFalse();
    }

    @Test
    void fileWithKeyButNoProviderInfersOpenAi() throws IOException {
        Files.writeString(file, """
                {"model": {"api_key": "%s"}}
                """.formatted(KEY));

        Settings settings = store.load();

        assertThat(settings.model().provider()).isEqualTo(ModelSettings.PROVIDER_OPENAI);
        assertThat(settings.providerExplicit()).isFalse();
    }

    @Test
    void fileWithBaseUrlOnlyInfersOpenAiWithoutKey() throws IOException {
        Files.writeString(file, """
                {"model": {"base_url": "http://localhost:11434/v1", "model_name": "llama3"}}
                """);

        ModelSettings model = store.load().model();

        assertThat(model.provider()).isEqualTo(ModelSettings.PROVIDER_OPENAI);
        assertThat(model.baseUrl()).isEqualTo("http://localhost:11434/v1");
        assertThat(model.apiKey()).isEmpty();
        assertThat(model.modelName()).isEqualTo("llama3");
    }

    @Test
    void explicitProviderIsKept() throws IOException {
        Files.writeString(file, """
                {"model": {"provider": "None", "api_key": "%s"}}
                """.formatted(KEY));

        Settings settings = store.load();

        assertThat(settings.model().provider()).isEqualTo(ModelSettings.PROVIDER_NONE);
        assertThat(settings.providerExplicit()).isTrue();
    }

    @Test
    void corruptFileIsMovedAsideAndDefaultsAreUsed() throws IOException {
        String corrupt = "{\"model\": {\"api_key\": \"" + KEY + "\", ";
        Files.writeString(file, corrupt);

        Settings settings = store.load();

        assertThat(settings).isEqualTo(Settings.defaults());
        assertThat(file).doesNotExist();
        assertThat(temp.resolve("settings.json.bad")).hasContent(corrupt);
        assertThat(warnings())
                .singleElement()
                .satisfies(message -> assertThat(message)
                        .contains("settings.json", "settings.json.bad", "not valid JSON")
                        .doesNotContain(KEY));
    }

    @Test
    void tokenGarbageIsReportedWithoutQuotingIt() throws IOException {
        Files.writeString(file, KEY);

        assertThat(store.load()).isEqualTo(Settings.defaults());
        assertThat(warnings())
                .singleElement()
                .satisfies(message -> assertThat(message).contains("line 1").doesNotContain(KEY));
    }

    @Test
    void invalidValueIsTreatedAsCorrupt() throws IOException {
        Files.writeString(file, """
                {"server": {"port": 70000}}
                """);

        assertThat(store.load()).isEqualTo(Settings.defaults());
        assertThat(temp.resolve("settings.json.bad")).exists();
        assertThat(warnings()).singleElement().satisfies(m -> assertThat(m).contains("port"));
    }

    @Test
    void wrongTypeIsTreatedAsCorrupt() throws IOException {
        Files.writeString(file, """
                {"server": {"port": "many"}}
                """);

        assertThat(store.load()).isEqualTo(Settings.defaults());
        assertThat(temp.resolve("settings.json.bad")).exists();
    }

    @Test
    void emptyFileIsTreatedAsCorrupt() throws IOException {
        Files.writeString(file, "");

        assertThat(store.load()).isEqualTo(Settings.defaults());
        assertThat(temp.resolve("settings.json.bad")).exists();
    }

    @Test
    void unknownProviderIsTreatedAsCorrupt() throws IOException {
        Files.writeString(file, """
                {"model": {"provider": "anthropic"}}
                """);

        assertThat(store.load()).isEqualTo(Settings.defaults());
        assertThat(warnings()).singleElement().satisfies(m -> assertThat(m).contains("anthropic"));
    }

    @Test
    void readsTheRateLimitFromTheApiSection() throws IOException {
        Files.writeString(file, """
                {"api": {"rate_limit": {"burst": 10, "per_second": 2.5}}}
                """);

        assertThat(store.load().api().rateLimit()).contains(new RateLimitSetting(10, 2.5));
    }

    @Test
    void aRateLimitOfZeroTurnsItOff() throws IOException {
        Files.writeString(file, """
                {"api": {"rate_limit": 0}}
                """);

        assertThat(store.load().api()).isEqualTo(ApiSettings.unlimited());
    }

    @Test
    void aMissingRateLimitOrPartOfItIsTheDefault() throws IOException {
        Files.writeString(file, """
                {"api": {}}
                """);
        assertThat(store.load().api()).isEqualTo(ApiSettings.defaults());

        Files.writeString(file, """
                {"api": {"rate_limit": null}}
                """);
        assertThat(store.load().api()).isEqualTo(ApiSettings.defaults());

        Files.writeString(file, """
                {"api": {"rate_limit": {"per_second": 5}}}
                """);
        assertThat(store.load().api().rateLimit()).contains(new RateLimitSetting(200, 5));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"burst\": 0, \"per_second\": 5}",
                "{\"burst\": 10, \"per_second\": 0}",
                "{\"burst\": 10, \"per_second\": -1}",
                "{\"burst\": 1.5, \"per_second\": 5}",
                "{\"burst\": \"ten\"}",
                "{\"per_second\": \"5\"}",
                "\"200/50\"",
                "7",
                "false",
                "[200, 50]"
            })
    void anUnusableRateLimitIsTreatedAsCorrupt(String rateLimit) throws IOException {
        Files.writeString(file, """
                {"api": {"rate_limit": %s}, "server": {"port": 6000}}
                """.formatted(rateLimit));

        assertThat(store.load()).isEqualTo(Settings.defaults());
        assertThat(temp.resolve("settings.json.bad")).exists();
        assertThat(warnings()).singleElement().satisfies(m -> assertThat(m).contains("rate_limit"));
    }

    @Test
    void roundTripsARateLimitAndNoLimitButWritesNothingForTheDefault() throws IOException {
        Settings limited = Settings.defaults().withApi(new ApiSettings(Optional.of(new RateLimitSetting(10, 2.5))));
        store.save(limited);
        assertThat(store.load()).isEqualTo(limited);
        assertThat(Files.readString(file)).contains("\"rate_limit\"", "\"burst\" : 10", "\"per_second\" : 2.5");

        store.save(Settings.defaults().withApi(new ApiSettings(Optional.of(new RateLimitSetting(300, 75)))));
        assertThat(Files.readString(file)).contains("\"per_second\" : 75").doesNotContain("75.0");

        Settings off = Settings.defaults().withApi(ApiSettings.unlimited());
        store.save(off);
        assertThat(store.load()).isEqualTo(off);
        assertThat(Files.readString(file)).contains("\"rate_limit\" : 0");

        store.save(Settings.defaults());
        assertThat(Files.readString(file)).doesNotContain("\"api\"", "rate_limit");
        assertThat(store.load().api()).isEqualTo(ApiSettings.defaults());
    }

    @Test
    void savedFileIsOwnerOnlyOnPosix() throws IOException {
        assumeTrue(SettingsStore.isPosix());

        store.save(Settings.defaults().withModel(ModelSettings.openAi(null, KEY, null)));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void savingReplacesLooserPermissionsOnPosix() throws IOException {
        assumeTrue(SettingsStore.isPosix());
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        store.save(Settings.defaults());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void saveLeavesNoTemporaryFilesAndOverwrites() throws IOException {
        store.save(Settings.defaults());
        store.save(Settings.defaults().withServer(ServerSettings.defaults().withPort(7000)));

        assertThat(store.load().server().port()).isEqualTo(7000);
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void saveCreatesMissingParentDirectory() throws IOException {
        var nested = new SettingsStore(temp.resolve("a/b/settings.json"));

        nested.save(Settings.defaults());

        assertThat(nested.load()).isEqualTo(Settings.defaults());
    }

    @Test
    void storeForDataDirectoryUsesItsSettingsFile() throws IOException {
        DataDirectory dir = DataDirectory.open(temp.resolve("data"));

        assertThat(SettingsStore.in(dir).file()).isEqualTo(dir.settingsFile());
    }

    private List<String> warnings() {
        return logged.list.stream()
                .filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
