package io.agentdeck.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import org.testfx.api.FxRobot;

/** What the chat's bubbles show on screen: the text of their rendered nodes, Markdown or literal. */
final class ChatLookup {
    private ChatLookup() {}

    /** Whether a bubble of the kind ("user", "agent", "error", "system") shows exactly this text. */
    static boolean shows(FxRobot robot, String kind, String text) throws Exception {
        return DesktopWindow.onFx(() ->
                robot.lookup(".bubble-" + kind).queryAll().stream().anyMatch(bubble -> text.equals(shownText(bubble))));
    }

    static String shownText(Node bubble) {
        Node body = ((Parent) bubble).getChildrenUnmodifiable().getFirst();
        if (body instanceof Label label) {
            return label.getText();
        }
        List<String> parts = new ArrayList<>();
        collect(body, parts);
        return String.join("", parts);
    }

    private static void collect(Node node, List<String> parts) {
        if (node instanceof Text text) {
            parts.add(text.getText());
        } else if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, parts));
        }
    }
}
