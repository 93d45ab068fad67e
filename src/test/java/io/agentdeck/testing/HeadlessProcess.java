package io.agentdeck.testing;

import io.agentdeck.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real launcher in its own JVM, as a person at a terminal runs it: the test's class path, the production logging
 * configuration, and an environment cleared of the developer's own model and AgentDeck variables.
 */
public final class HeadlessProcess implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> output;

    private HeadlessProcess(Process process) {
        this.process = process;
        this.output = linesOf(process);
    }

    /** Starts {@code io.agentdeck.Main} with {@code args}; {@code xdgHome} keeps it away from the user's own files. */
    public static HeadlessProcess launch(Path xdgHome, Map<String, String> env, String... args) {
        return start(builder(xdgHome, env, args));
    }

    /** Starts what {@code builder} describes (a {@link #builder} a test has added to) and reads its output. */
    public static HeadlessProcess start(ProcessBuilder builder) {
        try {
            // Standard error joins the output that is read: an unread pipe that fills up would stall the server.
            return new HeadlessProcess(builder.redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the headless server", e);
        }
    }

    /** The launch command, for a test that reads the process's output itself. */
    public static ProcessBuilder builder(Path xdgHome, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                // The production logging configuration, not the test one that is also on the class path.
                "-Dagentdeck.logging=builtin",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(key -> key.startsWith("OPENAI_") || key.startsWith("AGENTDECK_"));
        builder.environment().putAll(env);
        builder.environment().put("XDG_DATA_HOME", xdgHome.toString());
        return builder;
    }

    public Process process() {
        return process;
    }

    /** Waits up to 90 s for an output line containing {@code text}. */
    public String awaitLine(String text) throws InterruptedException {
        java.util.Deque<String> seen = new java.util.ArrayDeque<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            String line = output.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
            if (line != null) {
                seen.addLast(line);
                if (seen.size() > 40) {
                    seen.removeFirst();
                }
            } else if (!process.isAlive() && output.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("The server never printed a line containing '" + text + "' (alive: "
                + process.isAlive() + "); its last output:\n" + String.join("\n", seen));
    }

    /** SIGKILL: the process gets no chance to flush, close or clean up anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("The killed server did not exit");
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within 20 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The process's output lines, read by one daemon thread: one reader for the whole stream (a second reader would
     * miss what the first buffered), and waiting on the queue can time out where a blocking read cannot.
     */
    private static BlockingQueue<String> linesOf(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // The process ended; the waiting side times out with its own message.
            }
        });
        return lines;
    }
}
