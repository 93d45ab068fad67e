package io.agentdeck.ui;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Clicks in a page that scrolls: first scrolls until the node is in view, as a person would. */
final class ScrolledPage {
    private ScrolledPage() {}

    /**
     * Clicks the node the query finds; a table that has just reloaded its rows may replace the node found first, so
     * the node is looked up again until one is on screen.
     */
    static void click(FxRobot robot, String pageQuery, String nodeQuery) {
        for (int attempt = 0; attempt < 20; attempt++) {
            WaitForAsyncUtils.waitForFxEvents();
            Node node = robot.lookup(nodeQuery).query();
            if (node.getScene() != null && node.isVisible()) {
                scrollTo(robot, pageQuery, node);
                if (node.getScene() != null) {
                    robot.clickOn(node);
                    return;
                }
            }
            WaitForAsyncUtils.sleep(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(nodeQuery + " never showed on the page");
    }

    private static void scrollTo(FxRobot robot, String pageQuery, Node node) {
        ScrollPane page = robot.lookup(pageQuery).queryAs(ScrollPane.class);
        robot.interact(() -> {
            Bounds bounds = page.getContent().sceneToLocal(node.localToScene(node.getBoundsInLocal()));
            double scrollable = page.getContent().getBoundsInLocal().getHeight()
                    - page.getViewportBounds().getHeight();
            double wanted = scrollable <= 0 ? 0 : (bounds.getMinY() - 40) / scrollable;
            page.setVvalue(Math.max(0, Math.min(1, wanted)) * page.getVmax());
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
