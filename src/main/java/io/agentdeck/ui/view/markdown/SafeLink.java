package io.agentdeck.ui.view.markdown;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which link targets may be opened. Agent output is untrusted: a link must never run script, read local
 * files or carry an inline payload, so only absolute web and mail addresses pass.
 */
final class SafeLink {
    private static final Set<String> WEB = Set.of("http", "https");
    private static final Set<String> WEB_AND_MAIL = Set.of("http", "https", "mailto");

    private SafeLink() {}

    /** A link destination the user may click: http, https or mailto. */
    static Optional<URI> forLink(String destination) {
        return parse(destination, WEB_AND_MAIL);
    }

    /** An image source worth offering as a link: http or https only, since nothing is loaded inline. */
    static Optional<URI> forImage(String destination) {
        return parse(destination, WEB);
    }

    private static Optional<URI> parse(String destination, Set<String> schemes) {
        if (destination == null || destination.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(destination.strip());
            String scheme = uri.getScheme();
            if (scheme == null || !schemes.contains(scheme.toLowerCase(Locale.ROOT))) {
                return Optional.empty();
            }
            boolean mail = scheme.equalsIgnoreCase("mailto");
            if (mail ? uri.getSchemeSpecificPart().isBlank() : uri.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException notAUri) {
            return Optional.empty();
        }
    }
}
