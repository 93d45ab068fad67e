package io.agentdeck;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.config.SettingsResolver;
import io.agentdeck.testing.HeadlessProcess;
import io.agentdeck.testing.TempDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The desktop command in a JVM of its own (on Linux, where a cleared {@code DISPLAY} means no display): the settings are read while JavaFX starts its toolkit, and what a person
 * sees of a start that fails is still the reason, said once, with the exit code it had before. The window runs under
 * Monocle's headless screen, or without any display at all.
 */
@EnabledOnOs(OS.LINUX)
class DesktopStartProcessTest {
    /**
     * The flags the UI tests run under (pom.xml): JavaFX on a headless screen, drawn in software; verbose, so that
     * the output shows the toolkit started.
     */
    private static final List<String> HEADLESS_SCREEN = List.of(
            "-Dglass.platform=Monocle",
            "-Dmonocle.platform=Headless",
            "-Dprism.order=sw",
            "-Dprism.text=t2k",
            "-Dprism.verbose=true");

    private static final Pattern WINDOW_SHOWN = Pattern.compile("Window shown (\\d+) ms after the process started");

    private Path home;

    @BeforeEach
    void createHome() {
        home = TempDirectory.create();
    }

    @AfterEach
    void deleteHome() throws IOException {
        TempDirectory.delete(home);
    }

    @Test
    void aSettingThatCannotBeUsedIsSaidAndNoWindowOpens() throws Exception {
        Finished finished = run(HEADLESS_SCREEN, Map.of(SettingsResolver.ENV_MODEL_PROVIDER, "bogus"));

        assertThat(finished.exitCode()).isEqualTo(2);
        assertThat(finished.output())
                // The toolkit had started and the app was made; only then were the settings found unusable.
                .contains("Initialized prism pipeline")
                .contains(SettingsResolver.ENV_MODEL_PROVIDER + " must be 'openai', 'local' or 'none', got 'bogus'")
                .doesNotContain("Window shown", "Exception", "cannot open the desktop window");
    }

    @Test
    void withoutADisplayABadSettingIsStillWhatIsSaid() throws Exception {
        Finished finished = run(List.of(), Map.of(SettingsResolver.ENV_MODEL_PROVIDER, "bogus"));

        assertThat(finished.exitCode()).isEqualTo(2);
        assertThat(finished.output())
                .contains(SettingsResolver.ENV_MODEL_PROVIDER + " must be")
                .doesNotContain("cannot open the desktop window", "Exception");
    }

    @Test
    void withoutADisplayTheWindowsAbsenceIsSaidWithTheWayOut() throws Exception {
        Finished finished = run(List.of(), Map.of());

        assertThat(finished.exitCode()).isEqualTo(1);
        assertThat(finished.output())
                .contains("agentdeck: cannot open the desktop window", "use --headless")
                .doesNotContain("Exception");
    }

    @Test
    void theWindowSaysHowLongAfterTheStartItShowed() throws Exception {
        ProcessBuilder builder = desktop(HEADLESS_SCREEN, Map.of());
        long forked = System.nanoTime();
        try (HeadlessProcess app = HeadlessProcess.start(builder)) {
            String line = app.awaitLine("Window shown");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - forked);

            Matcher shown = WINDOW_SHOWN.matcher(line);
            assertThat(shown.find()).as(line).isTrue();
            // Counted from the JVM's start, which comes after the fork: never more than the time the test waited
            // (counted from the boot time in whole seconds, it was up to a second more).
            assertThat(Long.parseLong(shown.group(1))).isPositive().isLessThanOrEqualTo(elapsedMs);
        }
    }

    private record Finished(int exitCode, String output) {}

    private Finished run(List<String> jvmOptions, Map<String, String> env) throws IOException, InterruptedException {
        Process process = desktop(jvmOptions, env).redirectErrorStream(true).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The desktop command did not end");
        }
        return new Finished(
                process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private ProcessBuilder desktop(List<String> jvmOptions, Map<String, String> env) {
        ProcessBuilder builder = HeadlessProcess.builder(
                home,
                env,
                "--data-dir",
                home.resolve("data").toString(),
                "--port",
                String.valueOf(HeadlessProcess.freePort()));
        // Before the class path: JVM options.
        builder.command().addAll(1, jvmOptions);
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
        return builder;
    }
}
