package io.agentdeck.config.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a keychain command line tool with a time limit. A keychain may ask the user to unlock it and wait forever, so
 * a command that takes too long is killed and counts as a failure. Secrets travel on stdin, never in arguments, where
 * other users could see them in the process list.
 */
final class CommandRunner {
    /** What the command said; {@code stdout} may hold a secret, so this record is never logged. */
    record Outcome(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "Outcome[exitCode=" + exitCode + "]";
        }
    }

    private final Duration timeout;
    private final Map<String, String> environment;

    /** Commands run in this process's environment. */
    CommandRunner(Duration timeout) {
        this(timeout, System.getenv());
    }

    /** Commands run in exactly this environment, e.g. one whose D-Bus session has a keychain of its own. */
    CommandRunner(Duration timeout, Map<String, String> environment) {
        this.timeout = timeout;
        this.environment = Map.copyOf(environment);
    }

    Outcome run(List<String> command, String stdin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            CompletableFuture<String> out = readAsync(process.getInputStream());
            CompletableFuture<String> err = readAsync(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(
                        "%s did not answer within %d s".formatted(command.getFirst(), timeout.toSeconds()));
            }
            return new Outcome(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for " + command.getFirst(), e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
