package io.agentdeck.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The questions a ViewModel asks the person: confirmations, a line of text, and files or a folder picked with the
 * system's own chooser. ViewModels call it, so their flows
 * (ask, then act or not) are tested with scripted answers; the window answers with JavaFX dialogs. Called on the FX
 * thread; it returns once the person answered.
 */
public interface DialogService {
    /** Whether the person confirmed. */
    boolean confirm(Confirmation question);

    /** The text the person entered, or empty when they cancelled. */
    Optional<String> askText(TextQuestion question);

    /** The files the person picked, or none when they cancelled. */
    List<Path> chooseFiles(String title);

    /** The folder the person picked, or empty when they cancelled. */
    Optional<Path> chooseFolder(String title);

    /** A yes-or-no question: the window's title, the question in bold, and what it means below it. */
    record Confirmation(String title, String question, String detail) {}

    /** A question for one line of text, with the text the field starts with. */
    record TextQuestion(String title, String label, String initial) {}
}
