package io.agentdeck.ui.view.markdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Application;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.scene.input.Clipboard;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Markdown renderer under Monocle: node types, style classes, safe links, copying code, and wrapping in a list. */
class MarkdownRendererTest {
    private static final double WINDOW_WIDTH = 420;

    private final FxRobot robot = new FxRobot();
    private final List<URI> opened = new CopyOnWriteArrayList<>();
    private final MarkdownRenderer renderer = new MarkdownRenderer(opened::add);

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
        theme(new PrimerLight().getUserAgentStylesheet());
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        theme(new PrimerLight().getUserAgentStylesheet());
    }

    private static void theme(String stylesheet) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> Application.setUserAgentStylesheet(stylesheet))
                .get(10, TimeUnit.SECONDS);
    }

    private Node render(String markdown) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> renderer.render(markdown)).get(10, TimeUnit.SECONDS);
    }

    /** Renders in a shown window, so CSS and layout apply. */
    private Node show(String markdown) throws Exception {
        Node node = render(markdown);
        showInStage(new StackPane(node));
        return node;
    }

    private void showInStage(Parent root) throws Exception {
        FxToolkit.setupStage(stage -> {
            stage.setScene(new Scene(root, WINDOW_WIDTH, 640));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Stream<Node> all(Node root) {
        Stream<Node> children = root instanceof Parent parent
                ? parent.getChildrenUnmodifiable().stream().flatMap(MarkdownRendererTest::all)
                : Stream.empty();
        return Stream.concat(Stream.of(root), children);
    }

    private static List<Node> withClass(Node root, String styleClass) {
        return all(root)
                .filter(node -> node.getStyleClass().contains(styleClass))
                .toList();
    }

    private static Node single(Node root, String styleClass) {
        List<Node> found = withClass(root, styleClass);
        assertThat(found).as("nodes with style class %s", styleClass).hasSize(1);
        return found.getFirst();
    }

    /** The words a reader sees in a text flow: its Text runs and link labels. */
    private static String shown(Node flow) {
        StringBuilder out = new StringBuilder();
        for (Node child : ((TextFlow) flow).getChildren()) {
            switch (child) {
                case Text text -> out.append(text.getText());
                case Hyperlink link -> out.append(link.getText());
                default -> throw new AssertionError("unexpected inline node " + child);
            }
        }
        return out.toString();
    }

    private static List<Text> runs(Node flow) {
        return ((TextFlow) flow)
                .getChildren().stream()
                        .filter(Text.class::isInstance)
                        .map(Text.class::cast)
                        .toList();
    }

    private static Text run(Node flow, String text) {
        return runs(flow).stream()
                .filter(run -> run.getText().equals(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no run \"" + text + "\" in " + shown(flow)));
    }

    @Test
    void headingsAndParagraphsBecomeStyledTextFlows() throws Exception {
        Node document = show("# Title\n\n## Second\n\n###### Sixth\n\nPlain *soft* **loud** ~~gone~~ `x = 1` end.");

        assertThat(document.getStyleClass()).contains("md-document");
        assertThat(single(document, "md-h1")).isInstanceOf(TextFlow.class);
        assertThat(shown(single(document, "md-h1"))).isEqualTo("Title");
        assertThat(shown(single(document, "md-h2"))).isEqualTo("Second");
        assertThat(shown(single(document, "md-h6"))).isEqualTo("Sixth");
        assertThat(withClass(document, "md-heading")).hasSize(3);
        Text title = run(single(document, "md-h1"), "Title");
        Node paragraph = single(document, "md-paragraph");
        Text plain = run(paragraph, "Plain ");
        assertThat(title.getFont().getSize()).isGreaterThan(plain.getFont().getSize());

        assertThat(shown(paragraph)).isEqualTo("Plain soft loud gone x = 1 end.");
        assertThat(run(paragraph, "soft").getStyleClass()).contains("md-em");
        assertThat(run(paragraph, "soft").getFont().getStyle()).containsIgnoringCase("italic");
        assertThat(run(paragraph, "loud").getStyleClass()).contains("md-strong");
        assertThat(FontWeight.findByName(run(paragraph, "loud").getFont().getStyle()))
                .isEqualTo(FontWeight.BOLD);
        assertThat(run(paragraph, "gone").getStyleClass()).contains("md-strike");
        assertThat(run(paragraph, "gone").isStrikethrough()).isTrue();
        Text code = run(paragraph, "x = 1");
        assertThat(code.getStyleClass()).contains("md-inline-code");
        assertMonospace(code);
    }

    private static void assertMonospace(Text sample) {
        Text narrow = new Text("iiiiiiii");
        Text wide = new Text("MMMMMMMM");
        narrow.setFont(sample.getFont());
        wide.setFont(sample.getFont());
        assertThat(narrow.getLayoutBounds().getWidth())
                .as("%s is fixed-width", sample.getFont().getFamily())
                .isEqualTo(wide.getLayoutBounds().getWidth());
    }

    @Test
    void nestedAndOrderedListsAndTaskItemsGetMarkers() throws Exception {
        Node document = show("""
                - first
                - second
                  1. inner one
                  2. inner two
                - [ ] todo
                - [x] done

                3. three
                4. four
                """);

        List<Node> lists = withClass(document, "md-list");
        assertThat(lists).hasSize(3).allMatch(VBox.class::isInstance);
        List<String> markers = withClass(document, "md-list-marker").stream()
                .map(marker -> ((Label) marker).getText())
                .toList();
        assertThat(markers).containsExactly("•", "•", "1.", "2.", TaskMarker.OPEN, TaskMarker.DONE, "3.", "4.");
        List<Node> items = withClass(document, "md-list-item");
        assertThat(items).hasSize(8).allMatch(HBox.class::isInstance);
        List<String> texts = withClass(document, "md-paragraph").stream()
                .map(MarkdownRendererTest::shown)
                .toList();
        assertThat(texts).containsExactly("first", "second", "inner one", "inner two", "todo", "done", "three", "four");
        Node innerList = withClass(document, "md-ordered-list").getFirst();
        assertThat(withClass(items.get(1), "md-ordered-list")).containsExactly(innerList);
    }

    @Test
    void quotesRulesAndIndentedCodeRender() throws Exception {
        Node document = show("> quoted *words*\n\n---\n\n    indented code\n");

        Node lines = render("Name: Ada\nRole: dev");
        assertThat(shown(single(lines, "md-paragraph")))
                .as("a single newline stays a line break")
                .isEqualTo("Name: Ada\nRole: dev");

        Node quote = single(document, "md-quote");
        assertThat(shown(single(quote, "md-paragraph"))).isEqualTo("quoted words");
        assertThat(single(document, "md-thematic-break")).isInstanceOf(Separator.class);
        Node code = single(document, "md-code-block");
        assertThat(((Text) single(code, "md-code-text")).getText()).isEqualTo("indented code");
        assertThat(((Label) single(code, "md-code-language")).getText()).isEmpty();
    }

    @Test
    void clickingALinkHandsItsAddressToTheOpener() throws Exception {
        Node document = show("See [the docs](https://example.org/docs?a=1) or mail <me@example.org>.");

        List<Node> links = withClass(document, "md-link");
        assertThat(links).hasSize(2).allMatch(Hyperlink.class::isInstance);
        assertThat(((Hyperlink) links.getFirst()).getText()).isEqualTo("the docs");

        robot.clickOn(links.getFirst());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(opened).containsExactly(URI.create("https://example.org/docs?a=1"));

        robot.clickOn(links.get(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(opened).last().isEqualTo(URI.create("mailto:me@example.org"));
    }

    @Test
    void linksThatAreNotWebOrMailStayPlainText() throws Exception {
        Node document = show("[run](javascript:alert(1)) [local](file:///etc/passwd) [inline](data:text/html,hi)"
                + " [near](docs/readme.md) [proto](//example.org/x)");

        assertThat(all(document).filter(Hyperlink.class::isInstance)).isEmpty();
        assertThat(shown(single(document, "md-paragraph"))).isEqualTo("run local inline near proto");
    }

    @Test
    void rawHtmlIsShownAsLiteralTextAndNothingIsInterpreted() throws Exception {
        Node document = show("""
                <script>alert(1)</script>

                before <img src=x onerror="alert(2)"> after

                ![logo](javascript:alert(3)) ![chart](https://example.org/chart.png)
                """);

        assertThat(all(document).map(node -> node.getClass().getName()))
                .noneMatch(name -> name.contains("WebView") || name.contains("ImageView"));
        List<String> texts = withClass(document, "md-paragraph").stream()
                .map(MarkdownRendererTest::shown)
                .toList();
        assertThat(texts)
                .containsExactly(
                        "<script>alert(1)</script>", "before <img src=x onerror=\"alert(2)\"> after", "logo chart");
        List<Node> imageLinks = withClass(document, "md-link");
        assertThat(imageLinks).hasSize(1);
        assertThat(((Hyperlink) imageLinks.getFirst()).getText()).isEqualTo("chart");
    }

    @Test
    void theCopyButtonPutsExactlyTheCodeOnTheClipboard() throws Exception {
        String code = "def greet(name):\n    return f\"hi {name}\"\n\n\tprint(greet('x'))";
        Node document = show("Try:\n\n```python\n" + code + "\n```\n");

        Node block = single(document, "md-code-block");
        assertThat(((Label) single(block, "md-code-language")).getText()).isEqualTo("python");
        Text codeText = (Text) single(block, "md-code-text");
        assertThat(codeText.getText()).isEqualTo(code);
        assertMonospace(codeText);
        Button copy = (Button) single(block, "md-copy-button");
        assertThat(copy.getText()).isEqualTo("Copy");

        robot.clickOn(copy);
        WaitForAsyncUtils.waitForFxEvents();

        String clipboard = WaitForAsyncUtils.asyncFx(
                        () -> Clipboard.getSystemClipboard().getString())
                .get(10, TimeUnit.SECONDS);
        assertThat(clipboard).isEqualTo(code);
        assertThat(copy.getText()).isEqualTo("Copied");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> copy.getText().equals("Copy"));
    }

    @Test
    void aTableBecomesAGridWithABoldHeaderRow() throws Exception {
        Node document = show("""
                | Name | Role | Status |
                |:-----|:----:|-------:|
                | Ada  | *dev* | busy |
                | Bob  | ops  | idle |
                """);

        GridPane grid = (GridPane) single(document, "md-table");
        assertThat(withClass(grid, "md-table-cell")).hasSize(9);
        List<Node> header = withClass(grid, "md-table-header");
        assertThat(header.stream().map(MarkdownRendererTest::shown)).containsExactly("Name", "Role", "Status");
        assertThat(header)
                .allMatch(cell -> GridPane.getRowIndex(cell) == 0)
                .allMatch(cell ->
                        FontWeight.findByName(runs(cell).getFirst().getFont().getStyle()) == FontWeight.BOLD);
        Node busy = withClass(grid, "md-table-cell").stream()
                .filter(cell -> shown(cell).equals("busy"))
                .findFirst()
                .orElseThrow();
        assertThat(GridPane.getRowIndex(busy)).isEqualTo(1);
        assertThat(GridPane.getColumnIndex(busy)).isEqualTo(2);
    }

    @Test
    void halfStreamedMarkdownRendersSensibly() throws Exception {
        Node fence = render("Here is the fix:\n\n```java\nint x = 1;\nint y");
        Node block = single(fence, "md-code-block");
        assertThat(((Label) single(block, "md-code-language")).getText()).isEqualTo("java");
        assertThat(((Text) single(block, "md-code-text")).getText()).isEqualTo("int x = 1;\nint y");

        Node halfTable = render("| a | b |\n|--");
        assertThat(shown(single(halfTable, "md-paragraph"))).isEqualTo("| a | b |\n|--");

        String answer = """
                # Plan
                Some **bold *nested* text** with a [link](https://example.org) and `code`.

                | col | other |
                |-----|-------|
                | 1   | two   |

                1. step
                   - [ ] sub <b>html</b>
                > quote ~~old~~

                ```sh
                echo done
                ```
                ![img](https://example.org/a.png)
                """;
        for (int end = 0; end <= answer.length(); end++) {
            String prefix = answer.substring(0, end);
            assertThatCode(() -> render(prefix)).as("prefix of %d chars", end).doesNotThrowAnyException();
        }
        assertThat(withClass(render(null), "md-document")).hasSize(1);
    }

    @Test
    void theDarkThemeDrawsTextInALightColour() throws Exception {
        theme(new PrimerDark().getUserAgentStylesheet());
        Node document = show("dark *text*");

        Color fill = (Color) run(single(document, "md-paragraph"), "dark ").getFill();
        assertThat(fill.getBrightness()).isGreaterThan(0.6);
    }

    @Test
    void longContentWrapsInsideANarrowChatListWithoutClipping() throws Exception {
        String longParagraph = "This answer is long enough to need several lines in a narrow chat bubble, ".repeat(6);
        String longCodeLine = "```\n" + "val result = compute(alpha, beta, gamma); ".repeat(8) + "\n```";
        String wideTable = "| " + "a wide heading cell | ".repeat(6) + "\n|" + "---|".repeat(6) + "\n| "
                + "some body text | ".repeat(6);
        String longLink = "Open https://example.org/" + "very-long-path-segment/".repeat(12) + " now.";
        String unbrokenToken = "Hash: `" + "0123456789abcdef".repeat(12) + "` and " + "x".repeat(150);
        ListView<String> list = new ListView<>(
                FXCollections.observableArrayList(longParagraph, longCodeLine, wideTable, longLink, unbrokenToken));
        list.setCellFactory(view -> new MarkdownBubbleCell(renderer));
        showInStage(list);
        WaitForAsyncUtils.waitForFxEvents();

        double listWidth = list.getWidth();
        List<MarkdownBubbleCell> cells = new ArrayList<>();
        for (int index = 0; index < list.getItems().size(); index++) {
            MarkdownBubbleCell cell = shownCell(list, index);
            cells.add(cell);
            assertThat(cell.getWidth()).as("cell width").isLessThanOrEqualTo(listWidth);
            VBox bubble = cell.bubble();
            assertThat(bubble.getWidth()).as("bubble width").isLessThanOrEqualTo(cell.getWidth() * 0.8 + 0.5);
            assertThat(cell.getHeight())
                    .as("the cell holds the whole bubble")
                    .isGreaterThanOrEqualTo(bubble.getHeight());
            all(bubble).filter(TextFlow.class::isInstance).forEach(flow -> {
                TextFlow textFlow = (TextFlow) flow;
                assertThat(textFlow.getHeight())
                        .as("text flow \"%s\" is not clipped", shown(textFlow))
                        .isGreaterThanOrEqualTo(textFlow.prefHeight(textFlow.getWidth()) - 0.5);
                assertThat(textFlow.getWidth()).as("text flow width").isLessThanOrEqualTo(bubble.getWidth());
                // A space at a line end may hang past the edge, as in any text layout; glyphs may not.
                textFlow.getChildren()
                        .forEach(run -> assertThat(run.getBoundsInParent().getMaxX())
                                .as("run \"%s\" inside its text flow", run)
                                .isLessThanOrEqualTo(textFlow.getWidth() + spaceWidth(run)));
            });
            all(bubble)
                    .filter(Hyperlink.class::isInstance)
                    .forEach(link -> assertThat(link.getBoundsInParent().getWidth())
                            .as("link width")
                            .isLessThanOrEqualTo(bubble.getWidth()));
        }
        double lineHeight = new Text("X").getLayoutBounds().getHeight();
        TextFlow paragraph = (TextFlow) single(cells.getFirst().bubble(), "md-paragraph");
        assertThat(paragraph.getHeight()).isGreaterThan(3 * lineHeight);
        TextFlow code = (TextFlow) single(cells.get(1).bubble(), "md-code-body");
        assertThat(code.getHeight()).isGreaterThan(2 * lineHeight);
    }

    private static double spaceWidth(Node run) {
        Text space = new Text(" ");
        if (run instanceof Text text) {
            space.setFont(text.getFont());
        }
        return space.getLayoutBounds().getWidth() + 0.5;
    }

    private static MarkdownBubbleCell shownCell(ListView<String> list, int index) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> list.scrollTo(index)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        return list.lookupAll(".markdown-test-cell").stream()
                .map(MarkdownBubbleCell.class::cast)
                .filter(cell -> cell.getIndex() == index && cell.isVisible() && cell.getItem() != null)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cell shows item " + index));
    }

    /** Sized like the chat's BubbleCell: a bubble at most 0.8 of the cell width, and a cell that never asks for width. */
    private static final class MarkdownBubbleCell extends ListCell<String> {
        private final VBox bubble = new VBox();
        private final HBox row = new HBox(bubble);
        private final MarkdownRenderer renderer;

        MarkdownBubbleCell(MarkdownRenderer renderer) {
            this.renderer = renderer;
            getStyleClass().add("markdown-test-cell");
            bubble.maxWidthProperty().bind(widthProperty().multiply(0.8));
            setPrefWidth(0);
        }

        VBox bubble() {
            return bubble;
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            bubble.getChildren().setAll(renderer.render(item));
            setGraphic(row);
        }
    }
}
