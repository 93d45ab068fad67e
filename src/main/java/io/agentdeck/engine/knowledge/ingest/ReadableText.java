package io.agentdeck.engine.knowledge.ingest;

import java.util.List;

/**
 * Tells text from binary data that was decoded as if it were text. Random bytes named {@code .txt} still get a charset
 * from Tika's detector (often UTF-16, which turns them into a mix of scripts), so the media type alone cannot refuse
 * them. What gives them away is the share of characters no real text has many of: control characters, replacement
 * characters from bytes that did not decode, private-use and unassigned code points.
 */
final class ReadableText {
    /** Real text stays far below this (a PDF's icon-font bullets reach a few percent); decoded noise is above 10%. */
    static final double MAX_UNREADABLE_SHARE = 0.05;

    private ReadableText() {}

    static boolean isReadable(List<Section> sections) {
        long unreadable = 0;
        long total = 0;
        for (Section section : sections) {
            String text = section.text();
            for (int i = 0; i < text.length(); ) {
                int codePoint = text.codePointAt(i);
                i += Character.charCount(codePoint);
                if (Character.isWhitespace(codePoint)) {
                    continue;
                }
                total++;
                if (isUnreadable(codePoint)) {
                    unreadable++;
                }
            }
        }
        return total == 0 || unreadable <= total * MAX_UNREADABLE_SHARE;
    }

    private static boolean isUnreadable(int codePoint) {
        if (codePoint == 0xFFFD) {
            return true;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE -> true;
            default -> false;
        };
    }
}
