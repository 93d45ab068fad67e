package io.agentdeck.bench;

import io.agentdeck.Main;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * 7b. The desktop window's start, as a person sees it, on an X server of its own (Xvfb): fork to the window being
 * viewable (asked of the X server with {@code xwininfo}, every 20 ms), and fork to ready (the app's log line once
 * the agents are loaded and its local API listens); then the idle window's resident memory. From the build's class
 * path and, when it has been built, the installed layout. Skipped where Xvfb or xwininfo is missing.
 */
final class WindowStartBenchmark {
    private static final int STARTS = 3;
    private static final int SETTLE_SECONDS = 10;
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private WindowStartBenchmark() {}

    static void run(Report report, Budget budget, String modelBaseUrl, Path installed, Path work) {
        System.out.println("7b. The desktop window's start");
        if (!Files.isExecutable(Path.of("/usr/bin/Xvfb")) || !Files.isExecutable(Path.of("/usr/bin/xwininfo"))) {
            report.note(
                    "The window's start not measured: it needs Xvfb and xwininfo (apt-get install xvfb x11-utils).");
            return;
        }
        String display = freeDisplay();
        // -noreset: one X session for all the starts, as a desktop keeps one. Without it Xvfb starts over whenever
        // its last client leaves, and each start then also paid for GTK's OpenGL probe of a new session (GTK keeps
        // its result on the session's root window) and for the server's reset.
        Process xvfb =
                start(List.of("/usr/bin/Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"));
        try {
            waitFor(() -> Files.exists(Path.of("/tmp/.X11-unix/X" + display.substring(1))), "Xvfb " + display);
            measure(report, budget, "7b. Window start", display, modelBaseUrl, classPathCommand(), work.resolve("cp"));
            if (Files.isExecutable(installed)) {
                measure(
                        report,
                        budget,
                        "7b. Window start, installed layout",
                        display,
                        modelBaseUrl,
                        List.of(installed.toAbsolutePath().toString()),
                        work.resolve("installed"));
            }
        } finally {
            xvfb.destroy();
        }
    }

    private static void measure(
            Report report,
            Budget budget,
            String section,
            String display,
            String modelBaseUrl,
            List<String> program,
            Path dataDir) {
        Samples shown = new Samples();
        Samples ready = new Samples();
        long[] rss = new long[STARTS];
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < STARTS; i++) {
            List<String> command = new ArrayList<>(program);
            command.addAll(List.of("--port", String.valueOf(freePort()), "--data-dir", dataDir.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeIf(key -> key.startsWith("OPENAI_") || key.startsWith("AGENTDECK_"));
            builder.environment().put("DISPLAY", display);
            builder.environment().put("OPENAI_BASE_URL", modelBaseUrl);
            builder.environment().put("OPENAI_API_KEY", "sk-bench");
            builder.environment().put("XDG_DATA_HOME", dataDir.resolve("xdg").toString());
            long forked = System.nanoTime();
            Process app;
            try {
                app = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot fork the app", e);
            }
            java.util.concurrent.atomic.AtomicLong readyAt = new java.util.concurrent.atomic.AtomicLong();
            Thread.ofPlatform().daemon().start(() -> readyWhenLogged(app, readyAt));
            try {
                waitFor(() -> viewable(display) || !app.isAlive(), "the window");
                if (!app.isAlive()) {
                    throw new IllegalStateException("The app exited with " + app.exitValue());
                }
                double shownMs = (System.nanoTime() - forked) / 1e6;
                waitFor(() -> readyAt.get() != 0 || !app.isAlive(), "the ready line");
                double readyMs = (readyAt.get() - forked) / 1e6;
                if (i > 0) {
                    shown.add(Math.round(shownMs * 1e6));
                    ready.add(Math.round(readyMs * 1e6));
                }
                ServerProcess.sleep(budget.seconds(SETTLE_SECONDS).toMillis());
                rss[i] = rssKib(app.pid());
                each.append(String.format(
                        Locale.ROOT,
                        "%s start %d: window %.0f ms, ready %.0f ms, idle RSS %s",
                        i == 0 ? "" : ";",
                        i + 1,
                        shownMs,
                        readyMs,
                        Report.mib(rss[i])));
            } finally {
                app.destroy();
                try {
                    if (!app.waitFor(30, TimeUnit.SECONDS)) {
                        app.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        java.util.Arrays.sort(rss);
        report.row(
                section,
                "fork to the window viewable, restart (median of " + shown.count() + ")",
                Report.ms(shown.medianMs()),
                "",
                "≤ 0.8 s");
        report.row(
                section,
                "fork to ready (agents shown, local API listening), restart (median of " + ready.count() + ")",
                Report.ms(ready.medianMs()),
                "",
                "");
        report.row(
                section,
                "RSS of the idle window " + budget.seconds(SETTLE_SECONDS).toSeconds() + " s after ready (median of "
                        + STARTS + ")",
                Report.mib(rss[STARTS / 2]),
                "",
                "≤ 250 MB");
        report.note(section + ":" + each);
    }

    private static void readyWhenLogged(Process app, java.util.concurrent.atomic.AtomicLong readyAt) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.contains("ms after the process started") && line.contains("ready")) {
                    readyAt.compareAndSet(0, System.nanoTime());
                }
            }
        } catch (IOException ended) {
            // The app ended.
        }
    }

    /**
     * Whether a window named AgentDeck is mapped and viewable on the display. GTK also makes an unmapped window of
     * that name (the installed launcher's program name), so every one of that name is asked.
     */
    private static boolean viewable(String display) {
        for (String line : xwininfo(display, "-root", "-tree").lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("0x") && trimmed.contains("\"AgentDeck\"")) {
                String id = trimmed.substring(0, trimmed.indexOf(' '));
                if (xwininfo(display, "-id", id).contains("IsViewable")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String xwininfo(String display, String... arguments) {
        List<String> command = new ArrayList<>(List.of("xwininfo", "-display", display));
        command.addAll(List.of(arguments));
        try {
            Process probe =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            probe.waitFor();
            return output;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static List<String> classPathCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ServerProcess.APP_JVM_FLAGS);
        command.add("-Dagentdeck.logging=builtin");
        command.addAll(List.of("-cp", ServerProcess.serverClassPath(), Main.class.getName()));
        return command;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String freeDisplay() {
        for (int n = 90; n < 200; n++) {
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                return ":" + n;
            }
        }
        throw new IllegalStateException("No free X display number between 90 and 199");
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(new File("/dev/null"))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command.getFirst(), e);
        }
    }

    private static void waitFor(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Gave up waiting for " + what);
            }
            ServerProcess.sleep(20);
        }
    }

    private static long rssKib(long pid) {
        try (var lines = Files.lines(Path.of("/proc", String.valueOf(pid), "status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .orElse(-1L);
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
