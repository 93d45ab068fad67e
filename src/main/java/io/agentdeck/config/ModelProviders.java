package io.agentdeck.config;

import io.agentdeck.engine.model.ModelSettings;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The provider names the file and the environment accept; both go through here so they agree on spelling. */
final class ModelProviders {

    static final Set<String> KNOWN =
            Set.of(ModelSettings.PROVIDER_OPENAI, ModelSettings.PROVIDER_LOCAL, ModelSettings.PROVIDER_NONE);

    private ModelProviders() {}

    /** Empty when the text is not a known provider; callers decide how loudly to complain. */
    static Optional<String> parse(String text) {
        String normalized = text.strip().toLowerCase(Locale.ROOT);
        return KNOWN.contains(normalized) ? Optional.of(normalized) : Optional.empty();
    }

    /** Something to talk to counts as configuration: a key for a hosted API, or a URL for a local server. */
    static String inferred(boolean hasApiKey, boolean hasBaseUrl) {
        return hasApiKey || hasBaseUrl ? ModelSettings.PROVIDER_OPENAI : ModelSettings.PROVIDER_NONE;
    }

    static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
