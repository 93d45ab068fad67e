package io.agentdeck.testing;

import io.agentdeck.ui.DialogService;
import java.nio.file.Path;
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

    /** The answer to the next file or folder picker: these paths, or none for a cancelled picker. */
    public ScriptedDialogs picks(Path... paths) {
        answers.add(List.of(paths));
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Path> chooseFiles(String title) {
        asked.add("files: " + title);
        if (!(answers.poll() instanceof List<?> paths)) {
            throw new AssertionError("Asked for files (" + title + ") without scripted paths");
        }
        return (List<Path>) paths;
    }

    @Override
    public Optional<Path> chooseFolder(String title) {
        asked.add("folder: " + title);
        if (!(answers.poll() instanceof List<?> paths) || paths.size() > 1) {
            throw new AssertionError("Asked for a folder (" + title + ") without a scripted path or none");
        }
        return paths.stream().map(Path.class::cast).findFirst();
    }
}
