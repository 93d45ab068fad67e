package io.agentdeck.ui.view.markdown;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;

/**
 * Turns the inline content of one block (a paragraph, heading or table cell) into a TextFlow of Text runs, so that
 * emphasis, code and links sit inside one wrapping line of text. Inline HTML stays literal text.
 */
final class InlineRenderer {
    private final Consumer<URI> linkOpener;

    InlineRenderer(Consumer<URI> linkOpener) {
        this.linkOpener = linkOpener;
    }

    TextFlow flow(Node block, String... styleClasses) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().addAll(styleClasses);
        appendChildren(flow, block, List.of());
        return flow;
    }

    private void appendChildren(TextFlow flow, Node parent, List<String> styles) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            append(flow, child, styles);
        }
    }

    private void append(TextFlow flow, Node node, List<String> styles) {
        switch (node) {
            case org.commonmark.node.Text text -> flow.getChildren().add(text(text.getLiteral(), styles));
            case Code code -> flow.getChildren().add(text(code.getLiteral(), with(styles, "md-inline-code")));
            case Emphasis emphasis -> appendChildren(flow, emphasis, with(styles, "md-em"));
            case StrongEmphasis strong -> appendChildren(flow, strong, with(styles, "md-strong"));
            case Strikethrough strike -> appendChildren(flow, strike, with(styles, "md-strike"));
            // Chat answers put "Name: x" and "Role: y" on lines of their own and expect them to stay there, as in
            // GitHub comments; strict CommonMark would join them into one line.
            case SoftLineBreak softBreak -> flow.getChildren().add(text("\n", styles));
            case HardLineBreak hardBreak -> flow.getChildren().add(text("\n", styles));
            case HtmlInline html -> flow.getChildren().add(text(html.getLiteral(), styles));
            case Link link -> appendLink(flow, link, styles);
            case Image image -> appendImage(flow, image, styles);
            default -> appendChildren(flow, node, styles);
        }
    }

    private void appendLink(TextFlow flow, Link link, List<String> styles) {
        Optional<URI> target = SafeLink.forLink(link.getDestination());
        if (target.isPresent()) {
            String label = PlainText.of(link);
            flow.getChildren()
                    .add(new InlineLink(label.isBlank() ? link.getDestination() : label, target.get(), linkOpener));
        } else {
            // Not a target we open: keep the words, drop the link.
            appendChildren(flow, link, styles);
        }
    }

    private void appendImage(TextFlow flow, Image image, List<String> styles) {
        // Images are never fetched: an agent could use them to call out to any server.
        String alt = PlainText.of(image);
        Optional<URI> source = SafeLink.forImage(image.getDestination());
        String label = alt.isBlank() ? image.getDestination() : alt;
        if (source.isPresent()) {
            InlineLink link = new InlineLink(label, source.get(), linkOpener);
            link.getStyleClass().add("md-image");
            flow.getChildren().add(link);
        } else {
            flow.getChildren().add(text(label, with(styles, "md-image")));
        }
    }

    private static Text text(String content, List<String> styles) {
        Text text = new Text(content);
        text.getStyleClass().add("md-text");
        text.getStyleClass().addAll(styles);
        return text;
    }

    private static List<String> with(List<String> styles, String added) {
        List<String> combined = new ArrayList<>(styles);
        combined.add(added);
        return List.copyOf(combined);
    }
}
