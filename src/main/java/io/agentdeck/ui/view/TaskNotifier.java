package io.agentdeck.ui.view;

import atlantafx.base.controls.Notification;
import atlantafx.base.theme.Styles;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.ui.viewmodel.TaskNotice;
import io.agentdeck.ui.viewmodel.TasksViewModel;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.WeakListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * Pops up a notification in the bottom-right corner whenever a task finishes, wherever the person is in the app.
 * Put {@link #node()} on top of the window's content in a {@code StackPane}; it only takes the space of the
 * notifications it shows. Each one closes after a few seconds, on its close button, or after "Open"; at most a few
 * are shown at once, the oldest making room for the newest.
 */
public final class TaskNotifier {
    /** How long a notification stays when nobody closes it. */
    public static final Duration SHOW_FOR = Duration.seconds(6);

    static final int MAX_SHOWN = 3;
    private static final double WIDTH = 360;

    private final Runnable openTasks;
    private final Duration showFor;
    private final VBox stack = new VBox(8);
    private final Map<Notification, PauseTransition> timers = new HashMap<>();
    private final ListChangeListener<TaskNotice> onNotices = this::onNotices;

    public TaskNotifier(TasksViewModel tasks, Runnable openTasks) {
        this(tasks, openTasks, SHOW_FOR);
    }

    /** @param showFor how long each notification stays unless closed earlier */
    public TaskNotifier(TasksViewModel tasks, Runnable openTasks, Duration showFor) {
        this.openTasks = Objects.requireNonNull(openTasks, "openTasks");
        this.showFor = Objects.requireNonNull(showFor, "showFor");
        stack.getStyleClass().add("task-notices");
        stack.setAlignment(Pos.BOTTOM_RIGHT);
        stack.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        // Clicks between and around the notifications reach the page underneath.
        stack.setPickOnBounds(false);
        StackPane.setAlignment(stack, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(stack, new Insets(16));
        ObservableList<TaskNotice> notices = tasks.notices();
        // Weak: the ViewModel may outlive a notifier the shell threw away.
        notices.addListener(new WeakListChangeListener<>(onNotices));
    }

    /** The overlay to put on top of the window's content. */
    public Node node() {
        return stack;
    }

    /** How many notifications are on screen. */
    public int shown() {
        return stack.getChildren().size();
    }

    private void onNotices(ListChangeListener.Change<? extends TaskNotice> change) {
        while (change.next()) {
            change.getAddedSubList().forEach(this::show);
        }
    }

    private void show(TaskNotice notice) {
        Notification notification = new Notification(notice.text());
        notification.getStyleClass().addAll("task-notice", Styles.ELEVATED_1, styleOf(notice.status()));
        notification.setPrefWidth(WIDTH);
        notification.setMaxWidth(WIDTH);
        notification.setMaxHeight(Region.USE_PREF_SIZE);
        Button open = new Button("Open");
        open.getStyleClass().add("task-notice-open");
        open.setOnAction(event -> {
            dismiss(notification);
            openTasks.run();
        });
        notification.setPrimaryActions(open);
        notification.setOnClose(event -> dismiss(notification));
        PauseTransition timer = new PauseTransition(showFor);
        timer.setOnFinished(event -> dismiss(notification));
        while (stack.getChildren().size() >= MAX_SHOWN) {
            dismiss((Notification) stack.getChildren().getFirst());
        }
        timers.put(notification, timer);
        stack.getChildren().add(notification);
        timer.play();
    }

    private void dismiss(Notification notification) {
        PauseTransition timer = timers.remove(notification);
        if (timer != null) {
            timer.stop();
        }
        stack.getChildren().remove(notification);
    }

    private static String styleOf(TaskStatus status) {
        return switch (status) {
            case SUCCEEDED -> Styles.SUCCESS;
            case FAILED -> Styles.DANGER;
            case CANCELLED -> Styles.WARNING;
            case QUEUED, RUNNING -> Styles.ACCENT;
        };
    }
}
