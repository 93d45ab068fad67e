package io.agentdeck.ui.view;

import io.agentdeck.ui.viewmodel.AgentItemViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Ctrl+K: type part of an agent's name or role, Enter opens the first (or the highlighted) match. */
final class AgentSwitcher {
    private final ShellViewModel shell;

    AgentSwitcher(ShellViewModel shell) {
        this.shell = shell;
    }

    /** Shows the switcher without blocking; {@code onChosen} gets the agent picked, if any. */
    void show(Window owner, Consumer<AgentItemViewModel> onChosen) {
        TextField search = new TextField();
        search.setId("agentSearch");
        search.setPromptText("Jump to agent…");
        ListView<AgentItemViewModel> matches = new ListView<>();
        matches.setId("agentMatches");
        matches.setPrefHeight(240);
        matches.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(AgentItemViewModel agent, boolean empty) {
                super.updateItem(agent, empty);
                setText(
                        empty || agent == null
                                ? null
                                : agent.name() + " — " + agent.roleProperty().get());
            }
        });
        matches.getItems().setAll(shell.matchingAgents(""));
        matches.getSelectionModel().selectFirst();
        search.textProperty().addListener((observable, before, query) -> {
            matches.getItems().setAll(shell.matchingAgents(query));
            matches.getSelectionModel().selectFirst();
        });
        search.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.DOWN) {
                event.consume();
                matches.getSelectionModel().selectNext();
            } else if (event.getCode() == KeyCode.UP) {
                event.consume();
                matches.getSelectionModel().selectPrevious();
            }
        });

        Dialog<AgentItemViewModel> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Jump to agent");
        dialog.getDialogPane().setContent(new VBox(8, search, matches));
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane()
                .lookupButton(ButtonType.OK)
                .disableProperty()
                .bind(matches.getSelectionModel().selectedItemProperty().isNull());
        dialog.setResultConverter(
                button -> button == ButtonType.OK ? matches.getSelectionModel().getSelectedItem() : null);
        matches.setOnMouseClicked(event -> {
            if (event.getClickCount() == 2 && matches.getSelectionModel().getSelectedItem() != null) {
                dialog.setResult(matches.getSelectionModel().getSelectedItem());
                dialog.close();
            }
        });
        dialog.setOnShown(event -> search.requestFocus());
        dialog.setOnHidden(event -> Optional.ofNullable(dialog.getResult()).ifPresent(onChosen));
        dialog.show();
    }
}
