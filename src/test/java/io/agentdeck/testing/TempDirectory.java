package io.agentdeck.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A data directory of the test's own, for extensions, which cannot take JUnit's {@code @TempDir}: made empty, and
 * deleted with everything in it.
 */
public final class TempDirectory {
    private TempDirectory() {}

    public static Path create() {
        try {
            return Files.createTempDirectory("agentdeck-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
