package io.agentdeck.config.secrets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real Secret Service keychain of the test's own: a private D-Bus session bus with GNOME Keyring on it, its
 * keyrings in a temporary folder. The user's own keychain is never touched, because the tools run in an environment
 * of nothing but this keyring's folders and bus.
 */
final class PrivateKeyring implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(10);
    private static final List<String> TOOLS = List.of("dbus-daemon", "gnome-keyring-daemon", "secret-tool");

    private final Process bus;
    private final Process keyring;
    private final Map<String, String> environment;

    private PrivateKeyring(Process bus, Process keyring, Map<String, String> environment) {
        this.bus = bus;
        this.keyring = keyring;
        this.environment = environment;
    }

    /** Whether this machine has the tools (`.ci/run` installs them). */
    static boolean toolsInstalled() {
        return TOOLS.stream().allMatch(tool -> onPath(tool).isPresent());
    }

    static PrivateKeyring start(Path folder) throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        for (String name : List.of("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR")) {
            Path dir = Files.createDirectories(folder.resolve(name.toLowerCase()));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            environment.put(name, dir.toString());
        }
        Process bus = start(environment, "dbus-daemon", "--session", "--nofork", "--print-address=1");
        Process keyring = null;
        try {
            String address = firstLine(bus).orElseThrow(() -> new IOException("dbus-daemon printed no address"));
            environment.put("DBUS_SESSION_BUS_ADDRESS", address);
            keyring = start(environment, "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets");
            try (OutputStream password = keyring.getOutputStream()) {
                password.write("test-only-password".getBytes(StandardCharsets.UTF_8));
            }
            PrivateKeyring started = new PrivateKeyring(bus, keyring, Map.copyOf(environment));
            started.awaitService();
            return started;
        } catch (IOException | RuntimeException e) {
            bus.destroyForcibly();
            if (keyring != null) {
                keyring.destroyForcibly();
            }
            throw e;
        }
    }

    /** The environment the keychain tool must run in to reach this keyring. */
    Map<String, String> environment() {
        return environment;
    }

    /** A lookup that answers "not found" proves the service is up and the keyring unlocked. */
    private void awaitService() throws IOException, InterruptedException {
        CommandLineKeychain probe = new CommandLineKeychain(
                new CommandLineKeychain.SecretTool(), "probe", new CommandRunner(Duration.ofSeconds(2), environment));
        Instant deadline = Instant.now().plus(START);
        while (!probe.available()) {
            if (Instant.now().isAfter(deadline) || !keyring.isAlive()) {
                throw new IOException(
                        "GNOME Keyring did not answer on the private bus within " + START.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    private static Process start(Map<String, String> environment, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static Optional<String> firstLine(Process process) throws IOException {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            return Optional.ofNullable(CompletableFuture.supplyAsync(() -> {
                        try {
                            return reader.readLine();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .get(START.toSeconds(), TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("dbus-daemon did not start", e);
        }
    }

    private static Optional<Path> onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        for (Process process : List.of(keyring, bus)) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
