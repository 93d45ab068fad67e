package io.agentdeck.ui.view.markdown;

import java.net.URI;
import java.util.function.Consumer;
import javafx.beans.InvalidationListener;
import javafx.scene.Parent;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

/**
 * A clickable link inside a paragraph. A TextFlow sizes embedded nodes by their preferred size alone, so a long link
 * (a bare URL, say) would stick out of a narrow bubble; this one never asks for more than its paragraph's width and
 * wraps its own text instead.
 */
final class InlineLink extends Hyperlink {
    // Re-measure when the paragraph narrows or widens.
    private final InvalidationListener remeasure = bounds -> requestLayout();

    InlineLink(String text, URI target, Consumer<URI> opener) {
        super(text);
        getStyleClass().add("md-link");
        setWrapText(true);
        setTooltip(new Tooltip(target.toString()));
        setOnAction(event -> opener.accept(target));
        parentProperty().addListener((observable, oldParent, newParent) -> {
            if (oldParent != null) {
                oldParent.layoutBoundsProperty().removeListener(remeasure);
            }
            if (newParent != null) {
                newParent.layoutBoundsProperty().addListener(remeasure);
            }
        });
    }

    @Override
    protected double computePrefWidth(double height) {
        double natural = super.computePrefWidth(height);
        double available = availableWidth();
        return available > 0 ? Math.min(natural, available) : natural;
    }

    @Override
    protected double computePrefHeight(double width) {
        return super.computePrefHeight(width < 0 ? computePrefWidth(-1) : width);
    }

    private double availableWidth() {
        Parent parent = getParent();
        if (parent == null) {
            return -1;
        }
        double width = parent.getLayoutBounds().getWidth();
        if (parent instanceof Region region) {
            width -= region.snappedLeftInset() + region.snappedRightInset();
        }
        return width;
    }
}
