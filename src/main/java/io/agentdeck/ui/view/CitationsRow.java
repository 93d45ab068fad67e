package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.engine.chat.Citation;
import io.agentdeck.ui.viewmodel.SourcePreview;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;

/**
 * The sources under an answer that used the knowledge base: one small chip per {@code [n]} mark, e.g. "[1]
 * errors.md · under 'Quota errors'". A click shows the passage ({@link SourcePopover}). Plain text, never HTML.
 */
final class CitationsRow {
    private CitationsRow() {}

    /** {@code clicked} gets the citation and the chip it was shown on, to anchor the passage to. */
    static Node of(List<Citation> citations, BiConsumer<Citation, Node> clicked) {
        Label title = new Label("Sources");
        title.getStyleClass().addAll("citations-title", "text-muted", "text-small");
        FlowPane row = new FlowPane(6, 4, title);
        row.getStyleClass().add("citations-row");
        for (Citation citation : citations) {
            Button chip = new Button(SourcePreview.chipText(citation));
            chip.getStyleClass().addAll("citation-chip", Styles.SMALL, Styles.BUTTON_OUTLINED);
            chip.setTooltip(new Tooltip("Show the passage of " + citation.document()));
            chip.setMnemonicParsing(false);
            chip.setOnAction(event -> clicked.accept(citation, chip));
            row.getChildren().add(chip);
        }
        return row;
    }
}
