package io.agentdeck.persistence.index;

import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Keeps whitespace-separated tokens that look like identifiers (error codes, class names, paths, flags, versions),
 * with the sentence punctuation around them trimmed: {@code (ERR-4711-QUOTA),} becomes {@code ERR-4711-QUOTA}. Plain
 * words are dropped: the English text field already has them, stemmed.
 */
final class IdentifierFilter extends FilteringTokenFilter {
    /** Punctuation that ends or opens a sentence or a quote rather than belonging to an identifier. */
    private static final String TRIMMED = ".,;:!?'\"`()[]{}<>*";

    /** Characters that join the parts of an identifier; a token needs one of them (or a digit) to be kept. */
    private static final String JOINERS = "_.-/:#@$+=~\\";

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    IdentifierFilter(TokenStream input) {
        super(input);
    }

    @Override
    protected boolean accept() {
        trim();
        return looksLikeIdentifier();
    }

    private void trim() {
        char[] buffer = term.buffer();
        int start = 0;
        int end = term.length();
        while (start < end && TRIMMED.indexOf(buffer[start]) >= 0) {
            start++;
        }
        while (end > start && TRIMMED.indexOf(buffer[end - 1]) >= 0) {
            end--;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
        }
        term.setLength(end - start);
    }

    private boolean looksLikeIdentifier() {
        boolean letterOrDigit = false;
        boolean joinedOrNumbered = false;
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            letterOrDigit |= Character.isLetterOrDigit(c);
            joinedOrNumbered |= Character.isDigit(c) || JOINERS.indexOf(c) >= 0;
        }
        return term.length() >= 2 && letterOrDigit && joinedOrNumbered;
    }
}
