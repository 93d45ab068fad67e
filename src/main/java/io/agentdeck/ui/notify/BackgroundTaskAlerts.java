package io.agentdeck.ui.notify;

import io.agentdeck.ui.viewmodel.TaskNotice;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Passes task notices on to the system's notifications while the window is in the background; in front, the in-app
 * notice is enough and a second one from the system would only repeat it.
 */
public final class BackgroundTaskAlerts {
    static final String TITLE = "AgentDeck";

    private final BooleanSupplier windowFocused;
    private final SystemNotifier notifier;
    private final Executor background;

    public BackgroundTaskAlerts(
            ObservableList<TaskNotice> notices,
            BooleanSupplier windowFocused,
            SystemNotifier notifier,
            Executor background) {
        this.windowFocused = Objects.requireNonNull(windowFocused, "windowFocused");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.background = Objects.requireNonNull(background, "background");
        notices.addListener((ListChangeListener<TaskNotice>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(this::alert);
            }
        });
    }

    private void alert(TaskNotice notice) {
        if (notifier.available() && !windowFocused.getAsBoolean()) {
            String text = notice.text();
            background.execute(() -> notifier.notify(TITLE, text));
        }
    }
}
