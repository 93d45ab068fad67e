package io.agentdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the window remembers of JavaFX's choice of pipeline, on a real data directory. */
class SoftwareRenderingTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void aFirstStartLetsJavaFxChooseAndRemembersThatItDrewInSoftware() {
        Properties system = new Properties();
        SoftwareRendering first = SoftwareRendering.in(dataDir);

        assertThat(first.applyIfRemembered(system, NOW)).isFalse();
        assertThat(system.getProperty(SoftwareRendering.PRISM_ORDER)).isNull();
        first.remember(true);

        Properties next = new Properties();
        assertThat(SoftwareRendering.in(dataDir).applyIfRemembered(next, NOW.plusSeconds(60)))
                .isTrue();
        assertThat(next.getProperty(SoftwareRendering.PRISM_ORDER)).isEqualTo("sw");
    }

    @Test
    void aGpuFoundForgetsTheSoftwareChoice() {
        SoftwareRendering software = SoftwareRendering.in(dataDir);
        software.applyIfRemembered(new Properties(), NOW);
        software.remember(true);

        // Forced to software, the next start learns nothing and leaves the memory (and its age) alone.
        SoftwareRendering forced = SoftwareRendering.in(dataDir);
        assertThat(forced.applyIfRemembered(new Properties(), NOW)).isTrue();
        forced.remember(true);

        SoftwareRendering later = SoftwareRendering.in(dataDir);
        assertThat(later.applyIfRemembered(new Properties(), NOW.plus(Duration.ofDays(8))))
                .as("after a week JavaFX tries the GPU again")
                .isFalse();
        later.remember(false);

        Properties after = new Properties();
        assertThat(SoftwareRendering.in(dataDir).applyIfRemembered(after, NOW.plus(Duration.ofDays(8))))
                .isFalse();
        assertThat(after.getProperty(SoftwareRendering.PRISM_ORDER)).isNull();
    }

    @Test
    void theMemoryLastsAWeekFromWhenJavaFxLastChose() throws IOException {
        SoftwareRendering first = SoftwareRendering.in(dataDir);
        first.applyIfRemembered(new Properties(), NOW);
        first.remember(true);
        Path kept;
        try (var files = Files.list(dataDir)) {
            kept = files.findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(kept, FileTime.from(NOW.minus(Duration.ofDays(6))));

        assertThat(SoftwareRendering.in(dataDir).applyIfRemembered(new Properties(), NOW))
                .isTrue();
        assertThat(SoftwareRendering.in(dataDir).applyIfRemembered(new Properties(), NOW.plus(Duration.ofDays(1))))
                .isFalse();
    }

    @Test
    void aPipelineSomeoneElseChoseIsNeitherOverriddenNorRemembered() throws IOException {
        SoftwareRendering first = SoftwareRendering.in(dataDir);
        first.applyIfRemembered(new Properties(), NOW);
        first.remember(true);

        Properties system = new Properties();
        system.setProperty(SoftwareRendering.PRISM_ORDER, "es2");
        SoftwareRendering chosen = SoftwareRendering.in(dataDir);
        assertThat(chosen.applyIfRemembered(system, NOW)).isFalse();
        assertThat(system.getProperty(SoftwareRendering.PRISM_ORDER)).isEqualTo("es2");
        chosen.remember(false);

        try (var files = Files.list(dataDir)) {
            assertThat(files.count()).as("the memory is still there").isEqualTo(1);
        }
    }
}
