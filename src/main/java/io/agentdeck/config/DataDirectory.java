package io.agentdeck.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where AgentDeck keeps its settings, database and logs: {@code --data-dir}, else {@code AGENTDECK_DATA_DIR}, else the
 * platform's per-user data location.
 *
 * <p>Deliberately does not log: it is resolved before the logs directory is known (see {@link LoggingSetup}), and a
 * logger touched earlier would send the first lines to the fallback location.
 */
public final class DataDirectory {

    public static final String ENV_DATA_DIR = "AGENTDECK_DATA_DIR";
    static final String ENV_XDG_DATA_HOME = "XDG_DATA_HOME";
    static final String ENV_APPDATA = "APPDATA";

    private final Path root;

    private DataDirectory(Path root) {
        this.root = root;
    }

    /** Convenience for the composition root: reads the real environment, {@code os.name} and {@code user.home}. */
    public static DataDirectory fromSystem(Optional<Path> flag) throws IOException {
        return resolve(
                flag, System.getenv(), System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")));
    }

    /** Locates and creates the directory. */
    public static DataDirectory resolve(Optional<Path> flag, Map<String, String> env, String osName, Path userHome)
            throws IOException {
        return open(locate(flag, env, osName, userHome));
    }

    /** Uses {@code root} as the data directory, creating it and its subdirectories when absent. */
    public static DataDirectory open(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IOException("data directory %s exists but is not a directory".formatted(absolute));
        }
        if (Files.notExists(absolute)) {
            // Private by default: the directory holds conversations and possibly an API key.
            Files.createDirectories(absolute, privateDirectoryAttributes());
        }
        var dataDirectory = new DataDirectory(absolute);
        Files.createDirectories(dataDirectory.logsDir());
        Files.createDirectories(dataDirectory.databasePath().getParent());
        return dataDirectory;
    }

    /**
     * Pure resolution, without touching the file system.
     *
     * @throws java.nio.file.InvalidPathException when {@code AGENTDECK_DATA_DIR} is not a valid path
     */
    public static Path locate(Optional<Path> flag, Map<String, String> env, String osName, Path userHome) {
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(osName, "osName");
        Objects.requireNonNull(userHome, "userHome");
        if (flag.isPresent()) {
            return flag.get().toAbsolutePath().normalize();
        }
        String fromEnv = env.get(ENV_DATA_DIR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            // An unusable path here propagates (InvalidPathException): the user asked for this directory explicitly.
            return Path.of(fromEnv.strip()).toAbsolutePath().normalize();
        }
        return osDefault(env, osName.toLowerCase(Locale.ROOT), userHome);
    }

    private static Path osDefault(Map<String, String> env, String os, Path userHome) {
        if (os.startsWith("windows")) {
            return pathFrom(env, ENV_APPDATA)
                    .orElseGet(() -> userHome.resolve("AppData").resolve("Roaming"))
                    .resolve("AgentDeck");
        }
        if (os.startsWith("mac") || os.contains("darwin")) {
            return userHome.resolve("Library").resolve("Application Support").resolve("AgentDeck");
        }
        // Linux and other Unixes. The XDG spec says relative values must be ignored.
        return pathFrom(env, ENV_XDG_DATA_HOME)
                .filter(Path::isAbsolute)
                .orElseGet(() -> userHome.resolve(".local").resolve("share"))
                .resolve("agentdeck");
    }

    private static Optional<Path> pathFrom(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(value.strip()));
        } catch (InvalidPathException e) {
            // A broken platform variable is treated as unset, like the XDG spec does for relative paths.
            return Optional.empty();
        }
    }

    private static FileAttribute<?>[] privateDirectoryAttributes() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
                }
                : new FileAttribute<?>[0];
    }

    public Path root() {
        return root;
    }

    public Path settingsFile() {
        return root.resolve("settings.json");
    }

    /** Base path for the H2 file database; H2 appends {@code .mv.db} itself. */
    public Path databasePath() {
        return root.resolve("db").resolve("agentdeck");
    }

    /** The folder the workspace tools may read and write; nothing outside it. */
    public Path workspaceDir() {
        return root.resolve("workspace");
    }

    /** The knowledge base's files: its index (derived from the database), uploads and AgentDeck's guide. */
    public Path knowledgeDir() {
        return root.resolve("knowledge");
    }

    /** GGUF model files run in-process (provider {@code local}), and downloads on their way. */
    public Path modelsDir() {
        return root.resolve("models");
    }

    /** The MCP servers agents may use, in the {@code {"mcpServers": {…}}} format other desktop apps share. */
    public Path mcpConfigFile() {
        return root.resolve("mcp.json");
    }

    public Path logsDir() {
        return root.resolve("logs");
    }

    @Override
    public String toString() {
        return "DataDirectory[" + root + "]";
    }
}
