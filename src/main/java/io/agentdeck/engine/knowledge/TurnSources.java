package io.agentdeck.engine.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The passages one turn has shown its model, numbered from 1 in the order they were first shown. The passages given
 * with the question come first and every {@code knowledge_search} call goes on from there, so a {@code [n]} in the
 * answer names one passage however it reached the model, and a passage found twice keeps its first number.
 */
public final class TurnSources {
    private final List<Passage> shown = new ArrayList<>();
    private final Set<Long> hiddenDocuments;

    public TurnSources(List<Passage> given) {
        this(given, Set.of());
    }

    /** @param hiddenDocuments documents this turn may not read from (another member's, on a team's server) */
    public TurnSources(List<Passage> given, Set<Long> hiddenDocuments) {
        this.hiddenDocuments = Set.copyOf(hiddenDocuments);
        given.forEach(this::number);
    }

    /** The documents this turn's knowledge searches leave out. */
    public Set<Long> hiddenDocuments() {
        return hiddenDocuments;
    }

    /** The passage's number in this turn: the one it already has, or the next one. */
    public synchronized int number(Passage passage) {
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).passageId() == passage.passageId()) {
                return i + 1;
            }
        }
        shown.add(passage);
        return shown.size();
    }

    /** Every passage shown so far; passage {@code n} is at index {@code n - 1}. */
    public synchronized List<Passage> shown() {
        return List.copyOf(shown);
    }
}
