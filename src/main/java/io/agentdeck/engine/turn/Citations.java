package io.agentdeck.engine.turn;

import io.agentdeck.engine.chat.Citation;
import io.agentdeck.engine.knowledge.Passage;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The passages an answer marks as its sources: each {@code [n]} in its text that names a passage it was given. */
final class Citations {
    private static final Pattern MARK = Pattern.compile("\\[(\\d{1,3})]");

    private Citations() {}

    static List<Citation> markedIn(String text, List<Passage> given) {
        if (given.isEmpty()) {
            return List.of();
        }
        TreeSet<Integer> marked = new TreeSet<>();
        Matcher matcher = MARK.matcher(text);
        while (matcher.find()) {
            int n = Integer.parseInt(matcher.group(1));
            if (n >= 1 && n <= given.size()) {
                marked.add(n);
            }
        }
        return marked.stream()
                .map(n -> {
                    Passage passage = given.get(n - 1);
                    return new Citation(
                            n,
                            passage.documentId(),
                            passage.source(),
                            passage.passageId(),
                            passage.text(),
                            passage.page(),
                            passage.heading(),
                            passage.start());
                })
                .toList();
    }
}
