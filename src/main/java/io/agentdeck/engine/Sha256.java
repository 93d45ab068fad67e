package io.agentdeck.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in lowercase hex, as AgentDeck writes it everywhere (documents, model files, API tokens, tool names, the
 * database migrations' fingerprint): of a text's UTF-8 bytes, of a file, or of parts fed in turn. Not thread-safe.
 */
public final class Sha256 {
    private static final int BUFFER = 64 * 1024;

    private final MessageDigest digest;

    private Sha256() {
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A digest to feed parts to, in order. */
    public static Sha256 start() {
        return new Sha256();
    }

    /** Of the text's UTF-8 bytes. */
    public static String of(String text) {
        return start().add(text.getBytes(StandardCharsets.UTF_8)).hex();
    }

    /** Of the file's bytes, read in blocks (a model file has gigabytes). */
    public static String of(Path file) throws IOException {
        Sha256 sha = start();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                sha.digest.update(buffer, 0, read);
            }
        }
        return sha.hex();
    }

    public Sha256 add(byte[] bytes) {
        digest.update(bytes);
        return this;
    }

    public Sha256 add(byte value) {
        digest.update(value);
        return this;
    }

    /** The digest of what was added; the digest then starts again from nothing. */
    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
