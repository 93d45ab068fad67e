package io.agentdeck.engine.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The documents shipped inside the app (AgentDeck's own guide), listed in {@code pack.txt} beside them. */
public final class SampleKnowledgePack {
    private static final String BASE = "/io/agentdeck/knowledge/";

    public KnowledgeStats loadInto(KnowledgeBase knowledge) {
        for (String name : documentNames()) {
            knowledge.add("agentdeck:" + name, read(name));
        }
        return knowledge.stats();
    }

    List<String> documentNames() {
        return read("pack.txt")
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private static String read(String name) {
        try (InputStream in = SampleKnowledgePack.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing knowledge resource " + BASE + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
