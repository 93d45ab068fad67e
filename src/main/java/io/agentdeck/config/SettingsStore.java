package io.agentdeck.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentdeck.config.secrets.OwnerOnlyFile;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@code settings.json}. A broken file must never stop the app from starting, so it is moved aside
 * to {@code settings.json.bad} and defaults are used. Writes go to a temporary file that is then renamed over the
 * old one, so a crash mid-write cannot leave a half-written file behind.
 *
 * <p>The file may hold an API key, so on POSIX file systems it is created owner-read/write only (600). On Windows it
 * lives under the per-user {@code %APPDATA%}, whose ACL already limits access to the user.
 */
public final class SettingsStore {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);

    static final String BACKUP_SUFFIX = ".bad";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // Unknown fields may come from a newer AgentDeck; ignoring them keeps downgrades working.
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public SettingsStore(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    public static SettingsStore in(DataDirectory dataDirectory) {
        return new SettingsStore(dataDirectory.settingsFile());
    }

    public Path file() {
        return file;
    }

    Path backupFile() {
        return file.resolveSibling(file.getFileName() + BACKUP_SUFFIX);
    }

    /**
     * The stored settings; defaults when the file is missing or unusable.
     *
     * @throws IOException when the file exists but cannot be read at all (e.g. permissions); that is not something
     *     defaults should paper over
     */
    public synchronized Settings load() throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            LOG.info("No settings file at {}; using defaults", file);
            return Settings.defaults();
        }
        try {
            SettingsJson json = MAPPER.readValue(content, SettingsJson.class);
            if (json == null) {
                return setAside("it does not contain a JSON object");
            }
            Settings settings = json.toSettings();
            LOG.debug("Loaded settings from {}", file);
            return settings;
        } catch (JsonProcessingException e) {
            // Jackson's message can quote file content (possibly the key), so only the position is reported.
            JsonLocation at = e.getLocation();
            return setAside(
                    at == null
                            ? "it is not valid JSON"
                            : "it is not valid JSON (line %d, column %d)".formatted(at.getLineNr(), at.getColumnNr()));
        } catch (IllegalArgumentException e) {
            return setAside(e.getMessage());
        }
    }

    /** Saves atomically; the previous file stays intact if anything goes wrong. */
    public synchronized void save(Settings settings) throws IOException {
        Objects.requireNonNull(settings, "settings");
        OwnerOnlyFile.write(file, MAPPER.writeValueAsBytes(SettingsJson.from(settings)));
        LOG.debug("Saved settings to {}", file);
    }

    private Settings setAside(String reason) {
        Path backup = backupFile();
        try {
            Files.move(file, backup, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn(
                    "Settings file {} is unusable because {}; moved it to {} and using defaults", file, reason, backup);
        } catch (IOException e) {
            LOG.warn(
                    "Settings file {} is unusable because {}; using defaults (could not move it to {}: {})",
                    file,
                    reason,
                    backup,
                    e.toString());
        }
        return Settings.defaults();
    }

    static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
