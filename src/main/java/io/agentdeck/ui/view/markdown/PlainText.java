package io.agentdeck.ui.view.markdown;

import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;

/** The visible words under a node, for labels that cannot hold styled runs (a link, an image's alt text). */
final class PlainText {
    private PlainText() {}

    static String of(Node node) {
        StringBuilder out = new StringBuilder();
        collect(node, out);
        return out.toString();
    }

    private static void collect(Node node, StringBuilder out) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            switch (child) {
                case Text text -> out.append(text.getLiteral());
                case Code code -> out.append(code.getLiteral());
                case HtmlInline html -> out.append(html.getLiteral());
                case SoftLineBreak softBreak -> out.append('\n');
                case HardLineBreak hardBreak -> out.append('\n');
                default -> collect(child, out);
            }
        }
    }
}
