package io.agentdeck.ui.view;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * What the window shows while the database, the engine and the knowledge index open, so that it is on screen at once;
 * and, if they cannot open (another AgentDeck holds the database, the disk is full), why, with a way to close.
 */
public final class StartingView {
    private final StackPane root = new StackPane();

    public StartingView() {
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("startingProgress");
        Label label = new Label("Starting AgentDeck…");
        VBox starting = new VBox(12, progress, label);
        starting.setAlignment(Pos.CENTER);
        root.getChildren().setAll(starting);
        root.getStyleClass().add("starting-view");
    }

    public Parent root() {
        return root;
    }

    /** Replaces the progress with the reason the app cannot start and a button that runs {@code close}. */
    public void showFailure(String reason, Runnable close) {
        Label title = new Label("AgentDeck could not start");
        title.getStyleClass().addAll("title-3", "danger");
        Label why = new Label(reason);
        why.setId("startFailure");
        why.setWrapText(true);
        Button closeButton = new Button("Close");
        closeButton.setId("closeAfterFailureButton");
        closeButton.setDefaultButton(true);
        closeButton.setOnAction(event -> close.run());
        VBox failed = new VBox(10, title, why, closeButton);
        failed.setAlignment(Pos.CENTER_LEFT);
        failed.setMaxWidth(640);
        root.getChildren().setAll(failed);
        closeButton.requestFocus();
    }
}
