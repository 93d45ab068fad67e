package io.agentdeck.engine.knowledge;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Whether a found passage is about a question: by the meaning of both, or by an identifier they share. */
final class Relevance {
    private Relevance() {}

    /**
     * The words of a question that look like identifiers — with a digit, an underscore, or a dot inside, such as
     * {@code ERR_4711_QUOTA} or {@code io.agentdeck.Main} — which meaning alone does not match well.
     */
    static Set<String> identifiersIn(String question) {
        return Arrays.stream(question.split("[\\s,;:!?()\\[\\]{}\"'`]+"))
                .map(word -> word.replaceAll("^\\.+|\\.+$", ""))
                .filter(word -> word.length() >= 3)
                .filter(word -> word.matches(".*[0-9_].*") || word.matches(".+\\..+"))
                .map(word -> word.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    static boolean mentionsAny(String text, Set<String> identifiers) {
        if (identifiers.isEmpty()) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return identifiers.stream().anyMatch(lower::contains);
    }
}
