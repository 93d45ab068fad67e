package io.agentdeck.ui.view.markdown;

import java.util.Map;
import java.util.Optional;
import javafx.animation.PauseTransition;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DataFormat;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.util.Duration;

/**
 * A code block: an optional language name, a Copy button and the code in monospace. Long lines wrap rather than
 * scroll, so the bubble's height always fits the whole code.
 */
record CodeBlock(String code, Optional<String> language) {
    private static final Duration COPIED_FEEDBACK = Duration.seconds(1.5);

    /** @param literal the block's text as parsed, which ends in the newline before the closing fence */
    static CodeBlock of(String literal, String info) {
        String code = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
        String firstWord = info == null ? "" : info.strip().split("\\s+", 2)[0];
        return new CodeBlock(code, firstWord.isEmpty() ? Optional.empty() : Optional.of(firstWord));
    }

    Node toNode() {
        Label languageLabel = new Label(language.orElse(""));
        languageLabel.getStyleClass().add("md-code-language");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button copy = new Button("Copy");
        copy.getStyleClass().add("md-copy-button");
        copy.setFocusTraversable(false);
        PauseTransition restoreLabel = new PauseTransition(COPIED_FEEDBACK);
        restoreLabel.setOnFinished(event -> copy.setText("Copy"));
        copy.setOnAction(event -> {
            Clipboard.getSystemClipboard().setContent(Map.of(DataFormat.PLAIN_TEXT, code));
            copy.setText("Copied");
            restoreLabel.playFromStart();
        });
        HBox header = new HBox(8, languageLabel, spacer, copy);
        header.getStyleClass().add("md-code-header");

        Text text = new Text(code);
        text.getStyleClass().addAll("md-text", "md-code-text");
        TextFlow body = new TextFlow(text);
        body.getStyleClass().add("md-code-body");

        VBox block = new VBox(header, body);
        block.getStyleClass().add("md-code-block");
        return block;
    }
}
