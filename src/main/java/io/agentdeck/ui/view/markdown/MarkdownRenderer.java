package io.agentdeck.ui.view.markdown;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;

/**
 * Draws an agent's Markdown answer as JavaFX nodes: text flows, labels, grids and buttons, never HTML and never a web
 * view. Links open only through the given opener and only for http, https and mailto; raw HTML shows as the literal
 * characters. Cheap enough to run on the FX thread for every streamed update, and safe on half-written Markdown.
 *
 * <p>The returned node carries {@link #STYLESHEET} itself; the {@code md-*} style classes are listed there.
 */
public final class MarkdownRenderer {
    /** The stylesheet for the rendered nodes; it uses the AtlantaFX theme colours, light or dark. */
    public static final String STYLESHEET = "/io/agentdeck/ui/markdown.css";

    // Deeper nesting than any real answer needs is shown as text, so hostile input cannot build huge node trees.
    private static final int MAX_NESTED_BLOCKS = 24;
    private static final int MAX_NESTED_INLINES = 16;

    private final Parser parser;
    private final BlockRenderer blocks;
    private final String stylesheet;

    /** @param linkOpener called on the FX thread with the address of a clicked link (http, https or mailto only) */
    public MarkdownRenderer(Consumer<URI> linkOpener) {
        Objects.requireNonNull(linkOpener, "linkOpener");
        List<Extension> extensions =
                List.of(TablesExtension.create(), StrikethroughExtension.create(), AutolinkExtension.create());
        this.parser = Parser.builder()
                .extensions(extensions)
                .maxOpenBlockParsers(MAX_NESTED_BLOCKS)
                .maxInlineNesting(MAX_NESTED_INLINES)
                .build();
        this.blocks = new BlockRenderer(new InlineRenderer(linkOpener));
        this.stylesheet = Objects.requireNonNull(MarkdownRenderer.class.getResource(STYLESHEET), STYLESHEET)
                .toExternalForm();
    }

    /** A node showing the Markdown; a null or empty text gives an empty node. Call on the FX thread. */
    public Node render(String markdown) {
        VBox document;
        try {
            document = blocks.stack(parser.parse(markdown == null ? "" : markdown), "md-document");
        } catch (RuntimeException unexpected) {
            // A parser bug on some odd half-streamed text must not cost the user the answer: show it unformatted.
            document = plain(markdown);
        }
        document.getStylesheets().add(stylesheet);
        return document;
    }

    private static VBox plain(String markdown) {
        Text text = new Text(markdown);
        text.getStyleClass().add("md-text");
        TextFlow flow = new TextFlow(text);
        flow.getStyleClass().add("md-paragraph");
        VBox document = new VBox(flow);
        document.getStyleClass().add("md-document");
        return document;
    }
}
