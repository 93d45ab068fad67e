package io.agentdeck.ui.view;

import io.agentdeck.ui.viewmodel.ChatBubble;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** One chat bubble: plain-text labels, fenced code in a monospace label. Nothing is rendered as HTML. */
public final class BubbleCell extends ListCell<ChatBubble> {
    private final VBox bubble = new VBox(6);
    private final HBox row = new HBox(bubble);

    public BubbleCell() {
        getStyleClass().add("bubble-cell");
        bubble.maxWidthProperty().bind(widthProperty().multiply(0.8));
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(ChatBubble item, boolean empty) {
        super.updateItem(item, empty);
        setText(null);
        if (empty || item == null) {
            setGraphic(null);
            return;
        }
        bubble.getChildren().clear();
        bubble.getStyleClass().setAll("bubble", "bubble-" + item.kind().name().toLowerCase(Locale.ROOT));
        if (item.streaming()) {
            bubble.getStyleClass().add("bubble-streaming");
        }
        for (ChatBubble.Segment segment : item.segments()) {
            Label label = new Label(segment.text());
            label.setWrapText(true);
            label.setMinHeight(Region.USE_PREF_SIZE);
            label.getStyleClass().add(segment.code() ? "bubble-code" : "bubble-text");
            bubble.getChildren().add(label);
        }
        row.setAlignment(item.kind() == ChatBubble.Kind.USER ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        setGraphic(row);
    }
}
