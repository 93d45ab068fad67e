package io.agentdeck.ui.view;

import io.agentdeck.ui.DialogService;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextInputDialog;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The window's answers to a ViewModel's questions: modal JavaFX dialogs over the main window. */
public final class JavaFxDialogs implements DialogService {
    private final Supplier<Window> owner;

    public JavaFxDialogs(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public boolean confirm(Confirmation question) {
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, question.detail(), ButtonType.CANCEL, ButtonType.OK);
        confirm.initOwner(owner.get());
        confirm.setTitle(question.title());
        confirm.setHeaderText(question.question());
        return confirm.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }

    @Override
    public Optional<String> askText(TextQuestion question) {
        TextInputDialog dialog = new TextInputDialog(question.initial());
        dialog.initOwner(owner.get());
        dialog.setTitle(question.title());
        dialog.setHeaderText(null);
        dialog.setContentText(question.label());
        return dialog.showAndWait();
    }

    @Override
    public List<Path> chooseFiles(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        List<File> files = chooser.showOpenMultipleDialog(owner.get());
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }

    @Override
    public Optional<Path> chooseFolder(String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        return Optional.ofNullable(chooser.showDialog(owner.get())).map(File::toPath);
    }
}
