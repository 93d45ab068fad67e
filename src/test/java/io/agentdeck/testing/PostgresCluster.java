package io.agentdeck.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for the tests, made from the machine's own PostgreSQL (the Debian package
 * {@code postgresql}; {@code .ci/run} installs it): {@code initdb} into a temporary folder, started with
 * {@code pg_ctl} on a free loopback port, logins by password (SCRAM), stopped and deleted when the test JVM exits.
 * PostgreSQL refuses to run as root, so under root (CI) its programs run as the {@code postgres} user the package
 * creates. Each call of {@link #createDatabase()} makes a new empty database, so tests never share data.
 */
public final class PostgresCluster {
    private static final String SUPERUSER = "agentdeck";
    private static final long START_TIMEOUT_SECONDS = 90;

    private final Path dir;
    private final Path binDir;
    private final int port;
    private final String password;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();

    private PostgresCluster(Path dir, Path binDir, int port, String password, boolean asPostgresUser) {
        this.dir = dir;
        this.binDir = binDir;
        this.port = port;
        this.password = password;
        this.asPostgresUser = asPostgresUser;
    }

    /** Makes and starts a new server; {@link #stop()} stops it and deletes its files. */
    public static PostgresCluster start() {
        Path binDir = findBinDir()
                .orElseThrow(() -> new IllegalStateException(
                        "PostgreSQL is not installed: the tests against PostgreSQL need initdb and pg_ctl (install the"
                                + " Debian package postgresql, as .ci/run does, or set AGENTDECK_TEST_POSTGRES_BIN)"));
        boolean root = "root".equals(System.getProperty("user.name"));
        stopLeftovers(binDir, root);
        try {
            // Under /tmp rather than the build folder: the postgres user must be able to reach it.
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "agentdeck-pg-");
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            Files.writeString(
                    dir.resolve("owner"), String.valueOf(ProcessHandle.current().pid()));
            Path passwordFile = dir.resolve("password");
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            PostgresCluster cluster = new PostgresCluster(dir, binDir, freePort(), password, root);
            try {
                if (root) {
                    run(List.of("chown", "-R", "postgres:postgres", dir.toString()), 30);
                }
                cluster.pg(
                        60,
                        "initdb",
                        "-D",
                        dir.resolve("data").toString(),
                        "-U",
                        SUPERUSER,
                        "--pwfile=" + passwordFile,
                        "--auth-host=scram-sha-256",
                        "--auth-local=trust",
                        "-E",
                        "UTF8",
                        "--locale=C",
                        "--no-sync");
                cluster.pg(
                        START_TIMEOUT_SECONDS,
                        "pg_ctl",
                        "-D",
                        dir.resolve("data").toString(),
                        "-l",
                        dir.resolve("server.log").toString(),
                        "-w",
                        "-t",
                        String.valueOf(START_TIMEOUT_SECONDS),
                        "-o",
                        // Durability is not what these tests check, speed is what they need; many apps run at once.
                        "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                                        .formatted(cluster.port, dir)
                                + " -c full_page_writes=off -c max_connections=400",
                        "start");
            } catch (RuntimeException e) {
                // initdb or the start failed: nothing of it may stay behind.
                cluster.stop();
                throw e;
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty database on this server, as a JDBC URL without credentials. */
    public String createDatabase() {
        String name = "agentdeck_" + databases.incrementAndGet();
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, password);
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /** Drops a database made by {@link #createDatabase()}, closing what still connects to it. */
    public void dropDatabase(String jdbcUrl) {
        String name = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, password);
                var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop the test database " + name + ": " + e.getMessage());
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    /** Stops the server at once (nothing it holds needs to survive) and deletes its folder; again, nothing. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            pg(60, "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (RuntimeException e) {
            System.err.println("PostgreSQL test server did not stop: " + e.getMessage());
        }
        try {
            TempDirectory.delete(dir);
        } catch (IOException e) {
            System.err.println("PostgreSQL test server's folder was not deleted: " + e.getMessage());
        }
    }

    /**
     * Servers of earlier runs whose JVM was killed (a hang guard, a cancelled build) before it could stop them: their
     * folders are ours by name; a server still running from one is stopped and the folder deleted. Folders of a run
     * going on beside this one are left alone: the JVM that owns them is alive.
     */
    private static void stopLeftovers(Path binDir, boolean root) {
        try (Stream<Path> folders = Files.list(Path.of("/tmp"))) {
            folders.filter(folder -> folder.getFileName().toString().startsWith("agentdeck-pg-"))
                    .filter(folder -> Files.exists(folder.resolve("owner")))
                    .filter(PostgresCluster::ownerIsGone)
                    .forEach(folder -> removeLeftover(folder, binDir, root));
        } catch (IOException e) {
            System.err.println("Could not look for left-over PostgreSQL test servers: " + e.getMessage());
        }
    }

    private static void removeLeftover(Path folder, Path binDir, boolean root) {
        if (Files.exists(folder.resolve("data/postmaster.pid"))) {
            List<String> command = new ArrayList<>();
            if (root) {
                command.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            command.addAll(List.of(
                    binDir.resolve("pg_ctl").toString(),
                    "-D",
                    folder.resolve("data").toString(),
                    "-m",
                    "immediate",
                    "-w",
                    "stop"));
            try {
                run(command, 60);
            } catch (RuntimeException e) {
                System.err.println("A left-over PostgreSQL test server did not stop: " + e.getMessage());
            }
        }
        try {
            TempDirectory.delete(folder);
        } catch (IOException e) {
            System.err.println("A left-over PostgreSQL test folder stays: " + e.getMessage());
        }
    }

    private static boolean ownerIsGone(Path folder) {
        try {
            long pid = Long.parseLong(Files.readString(folder.resolve("owner")).strip());
            return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private void pg(long timeoutSeconds, String program, String... args) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(binDir.resolve(program).toString());
        command.addAll(List.of(args));
        run(command, timeoutSeconds);
    }

    private static void run(List<String> command, long timeoutSeconds) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // Read while it runs, so a chatty program never blocks on a full pipe.
            var output = new StringBuilder();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // The process went away; its exit code says what happened.
                }
            });
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", command));
            }
            reader.join(5_000);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "Failed (exit " + process.exitValue() + "): " + String.join(" ", command) + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", command), e);
        }
    }

    private static Optional<Path> findBinDir() {
        String configured = System.getenv("AGENTDECK_TEST_POSTGRES_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            return Optional.empty();
        }
        try (Stream<Path> installed = Files.list(versions)) {
            return installed
                    .map(version -> version.resolve("bin"))
                    .filter(bin ->
                            Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresCluster::majorVersion));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
