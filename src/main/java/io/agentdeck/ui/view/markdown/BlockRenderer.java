package io.agentdeck.ui.view.markdown;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.ThematicBreak;

/** Lays out the block structure of a parsed document: one JavaFX node per Markdown block, nested as in the source. */
final class BlockRenderer {
    private static final String[] BULLETS = {"•", "◦", "▪"};

    private final InlineRenderer inlines;
    private final TableGrid tables;

    BlockRenderer(InlineRenderer inlines) {
        this.inlines = inlines;
        this.tables = new TableGrid(inlines);
    }

    /** The blocks under a parent, stacked; used for the document, quotes and list items. */
    VBox stack(Node parent, String styleClass) {
        VBox box = new VBox();
        box.getStyleClass().add(styleClass);
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            javafx.scene.Node rendered = block(child);
            if (rendered != null) {
                box.getChildren().add(rendered);
            }
        }
        return box;
    }

    private javafx.scene.Node block(Node node) {
        return switch (node) {
            case Paragraph paragraph -> inlines.flow(paragraph, "md-paragraph");
            case Heading heading -> inlines.flow(heading, "md-heading", "md-h" + heading.getLevel());
            case BulletList list -> list(list);
            case OrderedList list -> list(list);
            case BlockQuote quote -> stack(quote, "md-quote");
            case FencedCodeBlock code ->
                CodeBlock.of(code.getLiteral(), code.getInfo()).toNode();
            case IndentedCodeBlock code -> CodeBlock.of(code.getLiteral(), "").toNode();
            case TableBlock table -> tables.toGrid(table);
            case ThematicBreak rule -> thematicBreak();
            case HtmlBlock html -> literal(html.getLiteral());
            case LinkReferenceDefinition definition -> null;
            default -> inlines.flow(node, "md-paragraph");
        };
    }

    private VBox list(ListBlock list) {
        VBox box = new VBox();
        box.getStyleClass().addAll("md-list", list instanceof OrderedList ? "md-ordered-list" : "md-bullet-list");
        int number = list instanceof OrderedList ordered ? startNumber(ordered) : 0;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            if (item instanceof ListItem listItem) {
                String marker = list instanceof OrderedList ordered
                        ? number++ + String.valueOf(delimiter(ordered))
                        : BULLETS[Math.min(depth(list), BULLETS.length - 1)];
                box.getChildren().add(item(listItem, marker));
            }
        }
        return box;
    }

    private HBox item(ListItem item, String bulletMarker) {
        String marker = TaskMarker.strip(item).orElse(bulletMarker);
        Label markerLabel = new Label(marker);
        markerLabel.getStyleClass().add("md-list-marker");
        markerLabel.setMinWidth(Region.USE_PREF_SIZE);
        VBox body = stack(item, "md-list-item-body");
        body.setMinWidth(0);
        HBox.setHgrow(body, Priority.ALWAYS);
        HBox row = new HBox(markerLabel, body);
        row.setAlignment(Pos.TOP_LEFT);
        row.getStyleClass().add("md-list-item");
        return row;
    }

    private static int startNumber(OrderedList list) {
        Integer start = list.getMarkerStartNumber();
        return start == null ? 1 : start;
    }

    private static char delimiter(OrderedList list) {
        String delimiter = list.getMarkerDelimiter();
        return delimiter == null || delimiter.isEmpty() ? '.' : delimiter.charAt(0);
    }

    private static int depth(ListBlock list) {
        int depth = 0;
        for (Node parent = list.getParent(); parent != null; parent = parent.getParent()) {
            if (parent instanceof ListBlock) {
                depth++;
            }
        }
        return depth;
    }

    private static Separator thematicBreak() {
        Separator separator = new Separator();
        separator.getStyleClass().add("md-thematic-break");
        return separator;
    }

    /** Raw HTML is shown as the characters the agent wrote; nothing interprets it. */
    private static TextFlow literal(String html) {
        Text text = new Text(html.endsWith("\n") ? html.substring(0, html.length() - 1) : html);
        text.getStyleClass().addAll("md-text", "md-html");
        TextFlow flow = new TextFlow(text);
        flow.getStyleClass().addAll("md-paragraph", "md-html-block");
        return flow;
    }
}
