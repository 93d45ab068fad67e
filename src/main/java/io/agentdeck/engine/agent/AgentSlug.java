package io.agentdeck.engine.agent;

import java.text.Normalizer;
import java.util.Locale;

final class AgentSlug {
    private AgentSlug() {}

    static String of(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug =
                ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.isEmpty() ? "agent" : slug;
    }
}
