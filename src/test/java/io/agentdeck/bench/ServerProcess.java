package io.agentdeck.bench;

import io.agentdeck.Main;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real headless server in its own JVM, started as a person would start it: {@code java … io.agentdeck.Main
 * --headless --port P --data-dir D}, with the model settings in the environment.
 */
final class ServerProcess implements AutoCloseable {
    /** The flags the run command in pom.xml starts the app with. */
    static final List<String> APP_JVM_FLAGS =
            List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

    /** The app image's launcher; {@code -Dbench.installed=<path>} measures another. */
    static final Path INSTALLED_LAUNCHER =
            Path.of(System.getProperty("bench.installed", "target/installer/AgentDeck/bin/AgentDeck"));

    private static final long START_TIMEOUT_SECONDS = 120;

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CountDownLatch listening = new CountDownLatch(1);
    private final long forkedAt;
    private volatile long listeningAt;
    private long acceptingAt;
    private String token;

    private ServerProcess(Process process, int port, Path dataDir, long forkedAt) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.forkedAt = forkedAt;
    }

    /**
     * Forks the server and waits until it prints that it listens. The rate limit is always switched off through
     * {@code AGENTDECK_RATE_LIMIT=0}: a benchmark sends far more than a person would.
     */
    static ServerProcess start(Path dataDir, String modelBaseUrl) {
        return start(dataDir, modelBaseUrl, Map.of());
    }

    /** As above, with {@code environment} added after the model settings (it may replace them). */
    static ServerProcess start(Path dataDir, String modelBaseUrl, Map<String, String> environment) {
        return launch(ServerProcess::javaCommand, dataDir, modelBaseUrl, environment);
    }

    /**
     * The installed layout: the app image's own launcher ({@code target/installer/AgentDeck/bin/AgentDeck}), with its
     * runtime, its JVM options and its AOT cache, started as a person starts {@code agentdeck --headless}.
     */
    static ServerProcess startInstalled(Path launcher, Path dataDir, String modelBaseUrl) {
        return startInstalled(launcher, dataDir, modelBaseUrl, Map.of());
    }

    /** As above, with {@code environment} added after the model settings (it may replace them). */
    static ServerProcess startInstalled(
            Path launcher, Path dataDir, String modelBaseUrl, Map<String, String> environment) {
        return launch(port -> new ArrayList<>(List.of(launcher.toString())), dataDir, modelBaseUrl, environment);
    }

    private static ServerProcess launch(
            java.util.function.IntFunction<List<String>> program,
            Path dataDir,
            String modelBaseUrl,
            Map<String, String> environment) {
        int port = freePort();
        List<String> command = program.apply(port);
        command.addAll(List.of("--headless", "--port", String.valueOf(port), "--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("OPENAI_") || key.startsWith("AGENTDECK_"));
        builder.environment().put("OPENAI_BASE_URL", modelBaseUrl);
        builder.environment().put("OPENAI_API_KEY", "sk-bench");
        builder.environment().put("AGENTDECK_RATE_LIMIT", "0");
        builder.environment().put("XDG_DATA_HOME", dataDir.resolve("xdg").toString());
        builder.environment().putAll(environment);
        long forkedAt = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot fork the server", e);
        }
        ServerProcess server = new ServerProcess(process, port, dataDir, forkedAt);
        server.readOutput();
        try {
            server.awaitStarted();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** {@code java} of this JDK with the run command's flags and the server's class path. */
    private static List<String> javaCommand(int port) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(APP_JVM_FLAGS);
        // -Dbench.jfr=<directory> records a flight recording of every forked server there, for profiling.
        String jfr = System.getProperty("bench.jfr", "").strip();
        if (!jfr.isEmpty()) {
            Path recordings = Path.of(jfr).toAbsolutePath();
            try {
                Files.createDirectories(recordings);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create " + recordings, e);
            }
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                    + recordings.resolve("server-" + port + ".jfr"));
        }
        // The production logging configuration, not the test one.
        command.add("-Dagentdeck.logging=builtin");
        command.addAll(List.of("-cp", serverClassPath(), Main.class.getName()));
        return command;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String token() {
        return token;
    }

    /** Fork to the first accepted TCP connection on the port. */
    double msToAccepting() {
        return (acceptingAt - forkedAt) / 1e6;
    }

    /** Fork to the "listening" line on standard output. */
    double msToListening() {
        return (listeningAt - forkedAt) / 1e6;
    }

    /** CPU time the server process has used so far (user and system, all threads), in milliseconds. */
    double cpuMs() {
        return process.toHandle()
                        .info()
                        .totalCpuDuration()
                        .orElseThrow(() -> new IllegalStateException("No CPU time for the server process"))
                        .toNanos()
                / 1e6;
    }

    /** Resident memory of the server process in KiB ({@code VmRSS}), or -1 where /proc is not there. */
    long rssKib() {
        return procStatus("VmRSS:");
    }

    /** The most resident memory the process has had, in KiB ({@code VmHWM}). */
    long peakRssKib() {
        return procStatus("VmHWM:");
    }

    /** The last lines the server printed, for error messages. */
    String outputTail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /** SIGTERM, as Ctrl+C or a service manager would stop it, then a hard kill if it does not end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                System.err.println("The server did not stop within 30 s of SIGTERM; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void readOutput() {
        Thread.ofPlatform().daemon().name("server-output").start(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (listening.getCount() > 0 && line.contains("API listening on")) {
                        listeningAt = System.nanoTime();
                        listening.countDown();
                    }
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 200) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException closed) {
                // The process ended.
            }
        });
    }

    private void awaitStarted() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        // The port is polled every millisecond: the first accepted connection is when clients can start.
        while (acceptingAt == 0) {
            failIfEnded();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The server did not accept connections within " + START_TIMEOUT_SECONDS
                        + " s; its output:\n" + outputTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
                acceptingAt = System.nanoTime();
            } catch (IOException notYet) {
                sleep(1);
            }
        }
        try {
            while (!listening.await(100, TimeUnit.MILLISECONDS)) {
                failIfEnded();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "The server never printed that it listens; its output:\n" + outputTail());
                }
            }
            token = Files.readString(dataDir.resolve("api-token")).strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("No api-token in " + dataDir, e);
        }
    }

    private void failIfEnded() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "The server exited with " + process.exitValue() + "; its output:\n" + outputTail());
        }
    }

    private long procStatus(String key) {
        try (var lines = Files.lines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            Optional<String> line = lines.filter(l -> l.startsWith(key)).findFirst();
            return line.map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(-1L);
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /**
     * This JVM's class path without the test classes: the server runs with the application's own classes and its
     * production logging configuration. The test libraries stay on it but are never loaded.
     */
    static String serverClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
