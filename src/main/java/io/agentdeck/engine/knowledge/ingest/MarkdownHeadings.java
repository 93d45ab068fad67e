package io.agentdeck.engine.knowledge.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Tika reads Markdown as plain text, so its {@code #} headings arrive as ordinary lines. This finds them with a real
 * Markdown parser, which knows that a {@code # comment} inside a fenced code block is not a heading, and starts a new
 * section at each one. The text itself is kept as written.
 */
final class MarkdownHeadings {
    private static final Set<String> MEDIA_TYPES = Set.of("text/markdown", "text/x-markdown", "text/x-web-markdown");
    private static final Parser PARSER =
            Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();

    private MarkdownHeadings() {}

    static boolean isMarkdown(String mediaType) {
        return MEDIA_TYPES.contains(mediaType);
    }

    static List<Section> split(List<Section> sections) {
        List<Section> result = new ArrayList<>();
        for (Section section : sections) {
            result.addAll(split(section));
        }
        return result;
    }

    private static List<Section> split(Section section) {
        String text = section.text();
        List<Heading> headings = new ArrayList<>();
        PARSER.parse(text).accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                headings.add(heading);
            }
        });
        List<Section> result = new ArrayList<>();
        Optional<String> heading = section.heading();
        int from = 0;
        for (Heading node : headings) {
            List<SourceSpan> spans = node.getSourceSpans();
            if (spans.isEmpty()) {
                continue;
            }
            int at = spans.getFirst().getInputIndex();
            add(result, text.substring(from, at), section.page(), heading);
            String title = SectionCollector.collapseSpaces(textOf(node));
            if (!title.isEmpty()) {
                heading = Optional.of(title);
            }
            from = at;
        }
        add(result, text.substring(from), section.page(), heading);
        return result;
    }

    private static void add(List<Section> sections, String text, Optional<Integer> page, Optional<String> heading) {
        String content = text.strip();
        if (!content.isEmpty()) {
            sections.add(new Section(content, page, heading));
        }
    }

    private static String textOf(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text literal) {
                text.append(literal.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }
        });
        return text.toString();
    }
}
