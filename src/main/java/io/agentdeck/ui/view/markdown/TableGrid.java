package io.agentdeck.ui.view.markdown;

import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.text.TextAlignment;
import javafx.scene.text.TextFlow;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.Node;

/** A GFM table as a grid of wrapping cells; the header row is bold. */
final class TableGrid {
    private final InlineRenderer inlines;

    TableGrid(InlineRenderer inlines) {
        this.inlines = inlines;
    }

    GridPane toGrid(TableBlock table) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("md-table");
        int row = 0;
        int columns = 0;
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            boolean header = section instanceof TableHead;
            for (Node tableRow = section.getFirstChild(); tableRow != null; tableRow = tableRow.getNext()) {
                if (tableRow instanceof TableRow) {
                    columns = Math.max(columns, addRow(grid, tableRow, row++, header));
                }
            }
        }
        for (int column = 0; column < columns; column++) {
            // Columns share the width the bubble allows; cells wrap instead of widening the bubble.
            ColumnConstraints constraints = new ColumnConstraints();
            constraints.setHgrow(Priority.SOMETIMES);
            constraints.setMinWidth(24);
            grid.getColumnConstraints().add(constraints);
        }
        return grid;
    }

    private int addRow(GridPane grid, Node tableRow, int row, boolean header) {
        int column = 0;
        for (Node cell = tableRow.getFirstChild(); cell != null; cell = cell.getNext()) {
            if (cell instanceof TableCell tableCell) {
                TextFlow flow = header
                        ? inlines.flow(tableCell, "md-table-cell", "md-table-header")
                        : inlines.flow(tableCell, "md-table-cell");
                flow.setTextAlignment(alignment(tableCell.getAlignment()));
                flow.setMaxWidth(Double.MAX_VALUE);
                flow.setMaxHeight(Double.MAX_VALUE);
                grid.add(flow, column++, row);
            }
        }
        return column;
    }

    private static TextAlignment alignment(TableCell.Alignment alignment) {
        if (alignment == null) {
            return TextAlignment.LEFT;
        }
        return switch (alignment) {
            case LEFT -> TextAlignment.LEFT;
            case CENTER -> TextAlignment.CENTER;
            case RIGHT -> TextAlignment.RIGHT;
        };
    }
}
