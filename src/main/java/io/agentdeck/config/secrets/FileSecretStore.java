package io.agentdeck.config.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fallback when there is no keychain: {@code secrets.json} in the data directory, a JSON object of name to value,
 * owner read/write only (600) on POSIX systems.
 */
public final class FileSecretStore implements SecretStore {
    public static final String FILE_NAME = "secrets.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final TypeReference<TreeMap<String, String>> CONTENT = new TypeReference<>() {};

    private final Path file;

    public FileSecretStore(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    /** {@code secrets.json} in the given data directory. */
    public static FileSecretStore in(Path dataDirectory) {
        return new FileSecretStore(dataDirectory.resolve(FILE_NAME));
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<String> read(String name) throws IOException {
        return Optional.ofNullable(load().get(name));
    }

    @Override
    public synchronized void write(String name, String value) throws IOException {
        Objects.requireNonNull(value, "value");
        TreeMap<String, String> secrets = load();
        secrets.put(name, value);
        save(secrets);
    }

    @Override
    public synchronized void delete(String name) throws IOException {
        TreeMap<String, String> secrets = load();
        if (secrets.remove(name) != null) {
            save(secrets);
        }
    }

    /** The names of the secrets in the file, for moving them into a keychain that has become available. */
    synchronized Set<String> names() throws IOException {
        return Set.copyOf(load().keySet());
    }

    /** Removes the file itself, once its secrets have moved elsewhere. */
    synchronized void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public String description() {
        return "the file " + file;
    }

    private TreeMap<String, String> load() throws IOException {
        try {
            TreeMap<String, String> secrets = MAPPER.readValue(Files.readAllBytes(file), CONTENT);
            return secrets == null ? new TreeMap<>() : secrets;
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (JsonProcessingException e) {
            // Jackson's message could quote the secret, so only the file is named.
            throw new IOException("The secrets file " + file + " is not a JSON object of names to texts");
        }
    }

    private void save(Map<String, String> secrets) throws IOException {
        OwnerOnlyFile.write(file, MAPPER.writeValueAsBytes(secrets));
    }

    @Override
    public String toString() {
        return "FileSecretStore[" + file + "]";
    }
}
