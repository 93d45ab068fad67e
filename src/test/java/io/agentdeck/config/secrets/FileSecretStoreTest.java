package io.agentdeck.config.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSecretStoreTest {
    @TempDir
    Path dataDir;

    @Test
    void keepsSecretsAcrossInstancesAndForgetsDeletedOnes() throws Exception {
        FileSecretStore store = FileSecretStore.in(dataDir);
        assertThat(store.read(SecretStore.OPENAI_API_KEY)).isEmpty();

        store.write(SecretStore.OPENAI_API_KEY, "sk-test-1234567890abcd");
        store.write("other", "value");

        FileSecretStore reopened = FileSecretStore.in(dataDir);
        assertThat(reopened.read(SecretStore.OPENAI_API_KEY)).contains("sk-test-1234567890abcd");
        reopened.delete(SecretStore.OPENAI_API_KEY);
        reopened.delete("never-stored");
        assertThat(FileSecretStore.in(dataDir).read(SecretStore.OPENAI_API_KEY)).isEmpty();
        assertThat(FileSecretStore.in(dataDir).read("other")).contains("value");
        assertThat(store.description()).contains(FileSecretStore.FILE_NAME);
    }

    @Test
    void theFileIsReadableByItsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        FileSecretStore store = FileSecretStore.in(dataDir);
        store.write(SecretStore.OPENAI_API_KEY, "sk-first");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");

        // A file widened by hand is replaced by a private one on the next write.
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));
        store.write(SecretStore.OPENAI_API_KEY, "sk-second");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");
        try (var leftovers = Files.list(dataDir)) {
            assertThat(leftovers).as("no temporary files remain").containsExactly(store.file());
        }
    }

    @Test
    void aBrokenFileIsReportedWithoutQuotingIt() throws Exception {
        FileSecretStore store = FileSecretStore.in(dataDir);
        Files.writeString(store.file(), "{\"openai-api-key\": \"sk-secret-value", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store.read(SecretStore.OPENAI_API_KEY))
                .hasMessageContaining(store.file().toString())
                .hasMessageNotContaining("sk-secret-value");
    }

    @Test
    void windowsKeepsSecretsInTheFileUnderTheDataDirectory() {
        assertThat(SecretStores.detect(dataDir, "Windows 11"))
                .isInstanceOfSatisfying(
                        FileSecretStore.class,
                        file -> assertThat(file.file()).isEqualTo(dataDir.resolve("secrets.json")));
    }

    @Test
    void withoutASecretServiceLinuxFallsBackToTheFileQuickly() {
        assumeTrue(
                !new CommandLineKeychain(
                                new CommandLineKeychain.SecretTool(),
                                dataDir.toString(),
                                new CommandRunner(SecretStores.PROBE_TIMEOUT))
                        .available(),
                "this machine has a Secret Service keychain");
        long started = System.nanoTime();

        SecretStore store = SecretStores.detect(dataDir, "Linux");

        assertThat(store).isInstanceOf(FileSecretStore.class);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000);
    }
}
