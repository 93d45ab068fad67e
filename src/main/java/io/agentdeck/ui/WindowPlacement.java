package io.agentdeck.ui;

import io.agentdeck.config.UiSettings;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;

/** Whether a saved window position is still usable: a monitor may have been unplugged since it was saved. */
final class WindowPlacement {
    private static final double VISIBLE_MARGIN = 48;

    private WindowPlacement() {}

    static boolean isOnAScreen(UiSettings ui) {
        if (ui.windowX().isEmpty() || ui.windowY().isEmpty()) {
            return false;
        }
        // The title bar's corner must be on some screen, or the user could not grab the window to move it.
        Rectangle2D corner = new Rectangle2D(ui.windowX().get(), ui.windowY().get(), VISIBLE_MARGIN, VISIBLE_MARGIN);
        return !Screen.getScreensForRectangle(corner).isEmpty();
    }
}
