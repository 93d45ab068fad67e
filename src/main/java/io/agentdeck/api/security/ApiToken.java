package io.agentdeck.api.security;

import io.agentdeck.config.SettingsResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bearer token of the local API: generated on first start, stored owner-only in the data directory, or taken
 * from {@code AGENTDECK_API_TOKEN}. Compared in constant time; its value never goes to a log or a response.
 */
public final class ApiToken {
    public static final String ENV_OVERRIDE = SettingsResolver.ENV_API_TOKEN;
    public static final String FILE_NAME = "api-token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final boolean overridden;
    private final AtomicReference<byte[]> value;

    private ApiToken(Path file, boolean overridden, String token) {
        this.file = file;
        this.overridden = overridden;
        this.value = new AtomicReference<>(token.getBytes(StandardCharsets.UTF_8));
    }

    /** The override if given, else the stored token, else a new one written to {@code dataDir/api-token}. */
    public static ApiToken loadOrCreate(Path dataDir, Optional<String> override) {
        Path file = dataDir.resolve(FILE_NAME);
        Optional<String> fromEnvironment = override.map(String::strip).filter(token -> !token.isEmpty());
        if (fromEnvironment.isPresent()) {
            return new ApiToken(file, true, fromEnvironment.get());
        }
        try {
            if (Files.exists(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!stored.isEmpty()) {
                    return new ApiToken(file, false, stored);
                }
            }
            String fresh = generate();
            write(file, fresh);
            return new ApiToken(file, false, fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the API token file " + file, e);
        }
    }

    /** Whether the presented token is this one, in time that does not depend on where they differ. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(value.get(), presented.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** For the Settings page's copy button and for local clients started by the app; never log it. */
    public String reveal() {
        return new String(value.get(), StandardCharsets.UTF_8);
    }

    public boolean isOverridden() {
        return overridden;
    }

    public Path file() {
        return file;
    }

    /** Replaces the token (Settings → regenerate); clients holding the old one are refused from now on. */
    public synchronized void regenerate() {
        if (overridden) {
            throw new IllegalStateException("The token is set by " + ENV_OVERRIDE + " and cannot be regenerated here.");
        }
        String fresh = generate();
        try {
            write(file, fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the API token file " + file, e);
        }
        value.set(fresh.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiToken[" + (overridden ? "from " + ENV_OVERRIDE : file) + "]";
    }

    private static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Written to a private temp file first, so the token is never readable by others, not even for a moment. */
    private static void write(Path file, String token) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(temp);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            try {
                Files.createFile(
                        temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                throw new IOException("Concurrent token write", e);
            }
        }
        Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
