package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.ui.viewmodel.TaskItemViewModel;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.layout.Region;

/** A task's status as a coloured badge: accent while running, green when done, red when failed. */
public final class TaskStatusCell extends TableCell<TaskItemViewModel, TaskStatus> {
    private static final List<String> STATUS_STYLES =
            List.of(Styles.ACCENT, Styles.SUCCESS, Styles.DANGER, Styles.WARNING);

    private final Label badge = new Label();

    public TaskStatusCell() {
        badge.getStyleClass().addAll("status-badge", "task-status");
        badge.setMinWidth(Region.USE_PREF_SIZE); // "succeeded" in full rather than cut short
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    @Override
    protected void updateItem(TaskStatus status, boolean empty) {
        super.updateItem(status, empty);
        if (empty || status == null) {
            setGraphic(null);
            return;
        }
        badge.setText(status.wireName());
        badge.getStyleClass().removeAll(STATUS_STYLES);
        styleOf(status).ifPresent(badge.getStyleClass()::add);
        setGraphic(badge);
    }

    /** The AtlantaFX colour of a status; a queued task stays plain. */
    static Optional<String> styleOf(TaskStatus status) {
        return switch (status) {
            case QUEUED -> Optional.empty();
            case RUNNING -> Optional.of(Styles.ACCENT);
            case SUCCEEDED -> Optional.of(Styles.SUCCESS);
            case FAILED -> Optional.of(Styles.DANGER);
            case CANCELLED -> Optional.of(Styles.WARNING);
        };
    }
}
