package io.agentdeck.ui.view.markdown;

import java.util.Optional;
import org.commonmark.node.ListItem;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;

/** GitHub-style task items ({@code - [ ] todo}, {@code - [x] done}) get a box as their marker. */
final class TaskMarker {
    static final String OPEN = "☐";
    static final String DONE = "☑";

    private TaskMarker() {}

    /**
     * The box for a task item, taking the {@code [ ]} or {@code [x]} off the item's text; empty for other items.
     * Changes the parsed tree, which each render parses afresh and owns.
     */
    static Optional<String> strip(ListItem item) {
        if (!(item.getFirstChild() instanceof Paragraph paragraph)
                || !(paragraph.getFirstChild() instanceof Text text)) {
            return Optional.empty();
        }
        String literal = text.getLiteral();
        if (literal.length() < 4 || literal.charAt(0) != '[' || literal.charAt(2) != ']' || literal.charAt(3) != ' ') {
            return Optional.empty();
        }
        String box = switch (literal.charAt(1)) {
            case ' ' -> OPEN;
            case 'x', 'X' -> DONE;
            default -> null;
        };
        if (box == null) {
            return Optional.empty();
        }
        text.setLiteral(literal.substring(4));
        return Optional.of(box);
    }
}
