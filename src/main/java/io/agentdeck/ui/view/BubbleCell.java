package io.agentdeck.ui.view;

import io.agentdeck.engine.chat.Citation;
import io.agentdeck.ui.view.markdown.MarkdownRenderer;
import io.agentdeck.ui.viewmodel.ChatBubble;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.value.ObservableIntegerValue;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One chat bubble: the message, the sources of an answer that used the knowledge base, then a footer with its time,
 * Copy, and Retry on errors. Nothing is rendered as HTML. The bubble that is the current find match is highlighted.
 */
public final class BubbleCell extends ListCell<ChatBubble> {
    private static final PseudoClass MATCH = PseudoClass.getPseudoClass("match");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

    private final MessageRenderer renderer;
    private final Consumer<ChatBubble> retry;
    private final Consumer<String> copy;
    private final BiConsumer<Citation, Node> showSource;
    private final ObservableIntegerValue currentMatch;
    private final VBox bubble = new VBox(6);
    private final HBox row = new HBox(bubble);
    private final Label time = new Label();
    private final Label speed = new Label();
    private final Button copyButton = new Button("Copy");
    private final Button retryButton = new Button("Retry");
    private final HBox footer = new HBox(8, time, speed, copyButton, retryButton);

    public BubbleCell(
            MessageRenderer renderer,
            Consumer<ChatBubble> retry,
            Consumer<String> copy,
            BiConsumer<Citation, Node> showSource,
            ObservableIntegerValue currentMatch) {
        this.renderer = renderer;
        this.retry = retry;
        this.copy = copy;
        this.showSource = showSource;
        this.currentMatch = currentMatch;
        getStyleClass().add("bubble-cell");
        bubble.maxWidthProperty().bind(widthProperty().multiply(0.8));
        setPrefWidth(0);
        time.getStyleClass().addAll("bubble-time", "text-muted", "text-small");
        speed.getStyleClass().addAll("bubble-speed", "text-muted", "text-small");
        copyButton.getStyleClass().addAll("bubble-action", "flat", "small");
        copyButton.setOnAction(event -> {
            if (getItem() != null) {
                this.copy.accept(getItem().text());
            }
        });
        retryButton.getStyleClass().addAll("bubble-action", "bubble-retry", "small");
        retryButton.setOnAction(event -> {
            if (getItem() != null) {
                this.retry.accept(getItem());
            }
        });
        footer.setAlignment(Pos.CENTER_LEFT);
        footer.getStyleClass().add("bubble-footer");
        MenuItem copyItem = new MenuItem("Copy message");
        copyItem.setOnAction(event -> copyButton.fire());
        setContextMenu(new ContextMenu(copyItem));
        currentMatch.addListener((observable, before, now) -> showMatch());
    }

    @Override
    protected void updateItem(ChatBubble item, boolean empty) {
        super.updateItem(item, empty);
        setText(null);
        if (empty || item == null) {
            setGraphic(null);
            pseudoClassStateChanged(MATCH, false);
            return;
        }
        bubble.getChildren().setAll(renderer.render(item));
        bubble.getStyleClass().setAll("bubble", "bubble-" + item.kind().name().toLowerCase(Locale.ROOT));
        if (item.streaming()) {
            bubble.getStyleClass().add("bubble-streaming");
        }
        if (item.kind() == ChatBubble.Kind.AGENT
                && !item.streaming()
                && !item.citations().isEmpty()) {
            bubble.getChildren().add(CitationsRow.of(item.citations(), showSource));
        }
        time.setText(item.at().map(BubbleCell::format).orElse(""));
        speed.setText(item.speedText());
        speed.setVisible(!item.speedText().isEmpty());
        speed.setManaged(speed.isVisible());
        retryButton.setVisible(item.canRetry());
        retryButton.setManaged(item.canRetry());
        copyButton.setVisible(!item.streaming());
        if (!item.streaming() && item.kind() != ChatBubble.Kind.SYSTEM) {
            bubble.getChildren().add(footer);
        }
        row.setAlignment(item.kind() == ChatBubble.Kind.USER ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        setGraphic(row);
        showMatch();
    }

    private void showMatch() {
        pseudoClassStateChanged(MATCH, !isEmpty() && getIndex() >= 0 && getIndex() == currentMatch.get());
    }

    @Override
    public void updateIndex(int index) {
        super.updateIndex(index);
        showMatch();
    }

    static String format(Instant at) {
        ZonedDateTime local = at.atZone(ZoneId.systemDefault());
        return local.toLocalDate().equals(LocalDate.now()) ? TIME.format(local) : DATE_TIME.format(local);
    }

    /** Turns a bubble's text into nodes. */
    @FunctionalInterface
    public interface MessageRenderer {
        Node render(ChatBubble bubble);

        /**
         * Agents' answers as Markdown (never HTML); what the user typed, errors and notes as the literal text, so
         * nothing a user writes changes shape.
         */
        static MessageRenderer markdownForAgents(MarkdownRenderer markdown) {
            return bubble -> switch (bubble.kind()) {
                case AGENT -> markdown.render(bubble.text());
                case TOOL -> ToolCardView.of(bubble);
                default -> literal(bubble);
            };
        }

        private static Node literal(ChatBubble bubble) {
            Label label = new Label(bubble.text());
            label.setWrapText(true);
            label.setMinHeight(Region.USE_PREF_SIZE);
            label.getStyleClass().add("bubble-text");
            return label;
        }
    }
}
