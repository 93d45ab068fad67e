package io.agentdeck.engine.knowledge;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides in microseconds whether a question could match any passage, so that a message which shares no
 * distinctive word with the knowledge base is not embedded at all (embedding costs milliseconds of CPU per message).
 * A word is distinctive when at most half of the passages contain it; words in nearly every passage ("agent" in a
 * pack about agents) and common English words say nothing about which passage is meant. A question with such a word
 * goes on to the search by meaning, which makes the real decision.
 */
final class TermGate {
    private static final int MIN_TERM_LENGTH = 3;
    private static final Set<String> COMMON_WORDS = Set.of(
            "the", "and", "for", "are", "but", "not", "you", "your", "all", "any", "can", "had", "her", "was", "one",
            "our", "out", "has", "him", "his", "how", "its", "may", "new", "now", "old", "see", "two", "way", "who",
            "did", "get", "let", "say", "she", "too", "use", "with", "this", "that", "from", "they", "will", "would",
            "there", "their", "what", "about", "which", "when", "make", "like", "time", "just", "know", "take", "into",
            "year", "good", "some", "could", "them", "other", "than", "then", "look", "only", "come", "over", "think",
            "also", "back", "after", "work", "first", "well", "even", "want", "because", "these", "give", "most",
            "please", "thanks", "thank", "hello", "have", "does", "should", "where", "why", "were", "been", "being",
            "each", "more", "very", "here", "much", "such", "own", "same", "both", "few", "those", "while", "yes");

    private final Map<String, Integer> passagesWithTerm = new ConcurrentHashMap<>();
    private final AtomicInteger passages = new AtomicInteger();

    /** Counts the distinctive-word candidates of one more passage. */
    void addPassage(String text) {
        terms(text).forEach(term -> passagesWithTerm.merge(term, 1, Integer::sum));
        passages.incrementAndGet();
    }

    /** Whether {@code query} has a word that only some passages contain. */
    boolean mayMatch(String query) {
        int total = passages.get();
        for (String term : terms(query)) {
            Integer count = passagesWithTerm.get(term);
            if (count != null && count * 2 <= Math.max(total, 2)) {
                return true;
            }
        }
        return false;
    }

    /** Lower-cased words of at least three letters or digits, without a plural s, common words left out. */
    static Set<String> terms(String text) {
        Set<String> terms = new HashSet<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean wordChar = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                addTerm(terms, text.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
        return terms;
    }

    private static void addTerm(Set<String> terms, String word) {
        String term = word.length() > MIN_TERM_LENGTH + 1 && word.endsWith("s") && !word.endsWith("ss")
                ? word.substring(0, word.length() - 1)
                : word;
        if (term.length() >= MIN_TERM_LENGTH && !COMMON_WORDS.contains(term)) {
            terms.add(term);
        }
    }
}
