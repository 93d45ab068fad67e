package io.agentdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the window remembers of JavaFX's choice of pipeline, on a real data directory. */
class SoftwareRenderingTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Map<String, String> LOCAL = Map.of("DISPLAY", ":0");

    @TempDir
    Path dataDir;

    private SoftwareRendering memory() {
        return SoftwareRendering.in(dataDir, LOCAL);
    }

    /** A start on the local display at {@code at} in which JavaFX chose for itself and found {@code software}. */
    private void startFinding(boolean software, Instant at) {
        SoftwareRendering start = memory();
        assertThat(start.applyIfRemembered(new Properties(), at)).isFalse();
        start.remember(software, at);
    }

    @Test
    void aFirstStartLetsJavaFxChooseAndTheNextDrawsInSoftware() {
        Properties system = new Properties();
        SoftwareRendering first = memory();

        assertThat(first.applyIfRemembered(system, NOW)).isFalse();
        assertThat(system.getProperty(SoftwareRendering.PRISM_ORDER)).isNull();
        first.remember(true, NOW);

        Properties next = new Properties();
        assertThat(memory().applyIfRemembered(next, NOW.plusSeconds(60))).isTrue();
        assertThat(next.getProperty(SoftwareRendering.PRISM_ORDER)).isEqualTo("sw");
        assertThat(next.getProperty(SoftwareRendering.REGION_CACHING_OFF))
                .as("no 8 MB cache of drawn backgrounds on the heap")
                .isEqualTo("true");
    }

    @Test
    void aRegionCacheSettingSomeoneChoseIsKept() {
        startFinding(true, NOW);
        Properties system = new Properties();
        system.setProperty(SoftwareRendering.REGION_CACHING_OFF, "false");

        assertThat(memory().applyIfRemembered(system, NOW.plusSeconds(60))).isTrue();

        assertThat(system.getProperty(SoftwareRendering.PRISM_ORDER)).isEqualTo("sw");
        assertThat(system.getProperty(SoftwareRendering.REGION_CACHING_OFF)).isEqualTo("false");
    }

    @Test
    void theMemoryLastsAWeekFromWhenJavaFxLastChose() {
        startFinding(true, NOW);

        // Forced to software, a start learns nothing and leaves the memory (and its age) alone.
        SoftwareRendering forced = memory();
        assertThat(forced.applyIfRemembered(new Properties(), NOW.plus(Duration.ofDays(6))))
                .isTrue();
        forced.remember(true, NOW.plus(Duration.ofDays(6)));

        assertThat(memory().applyIfRemembered(new Properties(), NOW.plus(Duration.ofDays(7))))
                .as("after a week JavaFX tries the GPU again")
                .isFalse();
    }

    @Test
    void aGpuFoundForgetsTheSoftwareChoice() {
        startFinding(true, NOW);
        startFinding(false, NOW.plus(Duration.ofDays(8)));

        Properties after = new Properties();
        assertThat(memory().applyIfRemembered(after, NOW.plus(Duration.ofDays(8))))
                .isFalse();
        assertThat(after.getProperty(SoftwareRendering.PRISM_ORDER)).isNull();
        assertThat(after.getProperty(SoftwareRendering.REGION_CACHING_OFF))
                .as("a GPU keeps its cache")
                .isNull();
    }

    @Test
    void anotherDisplayIsNotTakenForThisOne() {
        startFinding(true, NOW);

        Properties remote = new Properties();
        assertThat(SoftwareRendering.in(dataDir, Map.of("DISPLAY", "localhost:10.0"))
                        .applyIfRemembered(remote, NOW))
                .as("a start over ssh -X says nothing about the local screen")
                .isFalse();
        assertThat(remote.getProperty(SoftwareRendering.PRISM_ORDER)).isNull();
    }

    @Test
    void aMemoryFromTheFutureIsNotTrusted() {
        startFinding(true, NOW.plus(Duration.ofDays(30)));

        assertThat(memory().applyIfRemembered(new Properties(), NOW)).isFalse();
    }

    @Test
    void aPipelineSomeoneElseChoseIsNeitherOverriddenNorRemembered() throws IOException {
        startFinding(true, NOW);

        Properties system = new Properties();
        system.setProperty(SoftwareRendering.PRISM_ORDER, "es2");
        SoftwareRendering chosen = memory();
        assertThat(chosen.applyIfRemembered(system, NOW)).isFalse();
        assertThat(system.getProperty(SoftwareRendering.PRISM_ORDER)).isEqualTo("es2");
        assertThat(system.getProperty(SoftwareRendering.REGION_CACHING_OFF)).isNull();
        chosen.remember(false, NOW);

        try (var files = Files.list(dataDir)) {
            assertThat(files.count()).as("the memory is still there").isEqualTo(1);
        }
    }
}
