package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.ui.viewmodel.TimelineEntry;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** One line of the dashboard's event timeline: time, a kind badge and the sentence (in full in the tooltip). */
final class TimelineCell extends ListCell<TimelineEntry> {
    private final Label time = new Label();
    private final Label kind = new Label();
    private final Label text = new Label();
    private final Tooltip tooltip = new Tooltip();
    private final HBox row = new HBox(8, time, kind, text);

    TimelineCell() {
        getStyleClass().add("timeline-cell");
        time.getStyleClass().addAll("timeline-time", Styles.TEXT_SMALL);
        kind.getStyleClass().addAll("timeline-kind", Styles.TEXT_SMALL);
        text.getStyleClass().add("timeline-text");
        time.setMinWidth(Region.USE_PREF_SIZE);
        kind.setMinWidth(Region.USE_PREF_SIZE);
        text.setMinWidth(0);
        text.setTextOverrun(OverrunStyle.ELLIPSIS);
        HBox.setHgrow(text, Priority.ALWAYS);
        row.setAlignment(Pos.CENTER_LEFT);
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(480);
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(TimelineEntry entry, boolean empty) {
        super.updateItem(entry, empty);
        setText(null);
        if (empty || entry == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        time.setText(entry.timeText());
        kind.setText(entry.kind().label());
        kind.getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING, Styles.DANGER, Styles.ACCENT);
        kindStyle(entry.kind()).ifPresent(kind.getStyleClass()::add);
        text.setText(entry.text());
        tooltip.setText(entry.text());
        setTooltip(tooltip);
        setGraphic(row);
    }

    private static Optional<String> kindStyle(TimelineEntry.Kind kind) {
        return switch (kind) {
            case REPLY -> Optional.of(Styles.SUCCESS);
            case FAILURE -> Optional.of(Styles.DANGER);
            case TASK -> Optional.of(Styles.ACCENT);
            case AGENT -> Optional.of(Styles.WARNING);
            case APPROVAL -> Optional.of(Styles.WARNING);
            case STATUS, WORKFLOW, TOOL, KNOWLEDGE, MODEL -> Optional.empty();
        };
    }
}
