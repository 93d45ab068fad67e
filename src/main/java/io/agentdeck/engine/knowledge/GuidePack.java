package io.agentdeck.engine.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AgentDeck's own guide, shipped inside the app (listed in {@code pack.txt} beside it): written out as files so that
 * it is indexed like any document in General and a citation of it opens a real file. A newer app's guide replaces an
 * older copy.
 */
public final class GuidePack {
    private static final String BASE = "/io/agentdeck/knowledge/";

    /** Writes the guide's files into {@code directory} where missing or different, and returns them. */
    public List<Path> writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            List<Path> files = new ArrayList<>();
            for (String name : documentNames()) {
                byte[] content = read(name);
                Path file = directory.resolve(name);
                if (!Files.exists(file) || !Arrays.equals(Files.readAllBytes(file), content)) {
                    Files.write(file, content);
                }
                files.add(file);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write AgentDeck's guide to " + directory, e);
        }
    }

    List<String> documentNames() {
        return new String(read("pack.txt"), StandardCharsets.UTF_8)
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private static byte[] read(String name) {
        try (InputStream in = GuidePack.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing knowledge resource " + BASE + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
