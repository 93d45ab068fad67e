package io.agentdeck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    private static final Path HOME = Path.of("/home/ada");

    @TempDir
    Path temp;

    @Test
    void flagWinsOverEnvironment() {
        Path flag = temp.resolve("from-flag");
        Map<String, String> env =
                Map.of(DataDirectory.ENV_DATA_DIR, temp.resolve("from-env").toString());

        assertThat(DataDirectory.locate(Optional.of(flag), env, "Linux", HOME)).isEqualTo(flag);
    }

    @Test
    void environmentWinsOverOsDefault() {
        Path fromEnv = temp.resolve("from-env");
        Map<String, String> env =
                Map.of(DataDirectory.ENV_DATA_DIR, fromEnv.toString(), DataDirectory.ENV_XDG_DATA_HOME, "/xdg");

        assertThat(DataDirectory.locate(Optional.empty(), env, "Linux", HOME)).isEqualTo(fromEnv);
    }

    @Test
    void blankEnvironmentValueIsIgnored() {
        Map<String, String> env = Map.of(DataDirectory.ENV_DATA_DIR, "  ");

        assertThat(DataDirectory.locate(Optional.empty(), env, "Linux", HOME))
                .isEqualTo(HOME.resolve(".local/share/agentdeck"));
    }

    @Test
    void relativeFlagIsMadeAbsolute() {
        Path located = DataDirectory.locate(Optional.of(Path.of("rel/dir")), Map.of(), "Linux", HOME);

        assertThat(located).isEqualTo(Path.of("rel/dir").toAbsolutePath());
    }

    @Test
    void linuxUsesXdgDataHome() {
        Map<String, String> env = Map.of(DataDirectory.ENV_XDG_DATA_HOME, "/xdg/data");

        assertThat(DataDirectory.locate(Optional.empty(), env, "Linux", HOME))
                .isEqualTo(Path.of("/xdg/data/agentdeck"));
    }

    @Test
    void linuxFallsBackToLocalShare() {
        assertThat(DataDirectory.locate(Optional.empty(), Map.of(), "Linux", HOME))
                .isEqualTo(Path.of("/home/ada/.local/share/agentdeck"));
    }

    @Test
    void linuxIgnoresRelativeXdgDataHome() {
        Map<String, String> env = Map.of(DataDirectory.ENV_XDG_DATA_HOME, "relative/data");

        assertThat(DataDirectory.locate(Optional.empty(), env, "Linux", HOME))
                .isEqualTo(Path.of("/home/ada/.local/share/agentdeck"));
    }

    @Test
    void macOsUsesApplicationSupport() {
        Map<String, String> env = Map.of(DataDirectory.ENV_XDG_DATA_HOME, "/xdg/data");

        assertThat(DataDirectory.locate(Optional.empty(), env, "Mac OS X", HOME))
                .isEqualTo(Path.of("/home/ada/Library/Application Support/AgentDeck"));
    }

    @Test
    void windowsUsesAppData() {
        Path appData = temp.resolve("Roaming");
        Map<String, String> env = Map.of(DataDirectory.ENV_APPDATA, appData.toString());

        assertThat(DataDirectory.locate(Optional.empty(), env, "Windows 11", HOME))
                .isEqualTo(appData.resolve("AgentDeck"));
    }

    @Test
    void windowsWithoutAppDataUsesRoamingUnderHome() {
        assertThat(DataDirectory.locate(Optional.empty(), Map.of(), "Windows 10", HOME))
                .isEqualTo(Path.of("/home/ada/AppData/Roaming/AgentDeck"));
    }

    @Test
    void resolveCreatesDirectoryWithLogsAndDatabaseFolders() throws IOException {
        Path root = temp.resolve("nested/agentdeck");

        DataDirectory dir = DataDirectory.resolve(Optional.of(root), Map.of(), "Linux", HOME);

        assertThat(dir.root()).isEqualTo(root);
        assertThat(root).isDirectory();
        assertThat(dir.logsDir()).isEqualTo(root.resolve("logs")).isDirectory();
        assertThat(dir.settingsFile()).isEqualTo(root.resolve("settings.json"));
        assertThat(dir.databasePath()).isEqualTo(root.resolve("db/agentdeck"));
        assertThat(dir.databasePath().getParent()).isDirectory();
    }

    @Test
    void osDefaultIsCreatedUnderHome() throws IOException {
        DataDirectory dir = DataDirectory.resolve(Optional.empty(), Map.of(), "Linux", temp);

        assertThat(dir.root()).isEqualTo(temp.resolve(".local/share/agentdeck")).isDirectory();
    }

    @Test
    void openingAnExistingDirectoryKeepsItsContent() throws IOException {
        Files.writeString(temp.resolve("settings.json"), "{}");

        DataDirectory dir = DataDirectory.open(temp);

        assertThat(dir.settingsFile()).hasContent("{}");
    }

    @Test
    void newDirectoryIsPrivateOnPosix() throws IOException {
        assumeTrue(SettingsStore.isPosix());
        Path root = temp.resolve("private");

        DataDirectory.open(root);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
                .isEqualTo("rwx------");
    }

    @Test
    void regularFileIsRejected() throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> DataDirectory.open(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a directory");
    }
}
