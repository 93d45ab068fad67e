package io.agentdeck.testing;

import io.agentdeck.ui.DialogService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Answers a ViewModel's questions from a script and records them, so that a test can say what the person answers and
 * check what they were asked. A question without a scripted answer fails the test.
 */
public final class ScriptedDialogs implements DialogService {
    private final Deque<Object> answers = new ArrayDeque<>();
    private final List<Object> asked = new ArrayList<>();

    /** The next confirmation is answered yes or no. */
    public ScriptedDialogs confirms(boolean yes) {
        answers.add(yes);
        return this;
    }

    /** The next text question is answered with {@code text}, or cancelled when it is empty. */
    public ScriptedDialogs answers(Optional<String> text) {
        answers.add(text);
        return this;
    }

    /** The questions asked so far, oldest first. */
    public List<Object> asked() {
        return List.copyOf(asked);
    }

    @Override
    public boolean confirm(Confirmation question) {
        asked.add(question);
        if (!(answers.poll() instanceof Boolean yes)) {
            throw new AssertionError("Asked " + question + " without a scripted yes or no");
        }
        return yes;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<String> askText(TextQuestion question) {
        asked.add(question);
        if (!(answers.poll() instanceof Optional<?> text)) {
            throw new AssertionError("Asked " + question + " without a scripted text");
        }
        return (Optional<String>) text;
    }
}
