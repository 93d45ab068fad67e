package io.agentdeck.ui.view;

import io.agentdeck.ui.viewmodel.ChatBubble;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A tool call in the chat, compact: the tool's name, how it ended and how long it took on one line, the arguments
 * under it, and the result folded away until the user opens it. Everything is plain text, never HTML.
 */
final class ToolCardView {
    /** Arguments longer than this are cut in the header; the result pane shows the result in full. */
    private static final int SHOWN_ARGUMENT_CHARS = 300;

    private ToolCardView() {}

    static Node of(ChatBubble bubble) {
        ChatBubble.ToolCard card = bubble.tool().orElse(new ChatBubble.ToolCard("tool", "", "ok", 0));
        Label name = new Label(card.name());
        name.getStyleClass().add("tool-card-name");
        Label status = new Label(card.status());
        status.getStyleClass().addAll("tool-card-status", "tool-status-" + card.status());
        Label duration = new Label(card.durationMs() + " ms");
        duration.getStyleClass().addAll("tool-card-duration", "text-muted", "text-small");
        HBox header = new HBox(8, name, status, duration);
        header.getStyleClass().add("tool-card-header");

        Label arguments = new Label(shortened(card.arguments()));
        arguments.setWrapText(true);
        arguments.setMinHeight(Region.USE_PREF_SIZE);
        arguments.getStyleClass().addAll("tool-card-arguments", "text-small");

        Label result = new Label(bubble.text());
        result.setWrapText(true);
        result.setMinHeight(Region.USE_PREF_SIZE);
        result.getStyleClass().add("tool-card-result");
        TitledPane resultPane = new TitledPane("Result", result);
        resultPane.setExpanded(false);
        resultPane.setAnimated(false);
        resultPane.getStyleClass().add("tool-card-result-pane");

        VBox view = new VBox(4, header, arguments, resultPane);
        view.getStyleClass().add("tool-card");
        return view;
    }

    private static String shortened(String arguments) {
        String text = arguments == null || arguments.isBlank() ? "{}" : arguments.strip();
        return text.length() <= SHOWN_ARGUMENT_CHARS ? text : text.substring(0, SHOWN_ARGUMENT_CHARS) + " …";
    }
}
