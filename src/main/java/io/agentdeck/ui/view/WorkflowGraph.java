package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.engine.workflow.StepStatus;
import io.agentdeck.ui.viewmodel.WorkflowStepItem;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ObservableList;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.Polygon;

/**
 * A workflow's steps as a graph: one card per step (number, agent, status, duration and tokens), columns of steps that
 * can run at the same time, and an arrow from each step to the steps that build on it (dashed to a step it handed work
 * on to). Clicking a card (or Enter on it) selects the step. The graph is drawn again whenever the steps change; a plan has a few dozen steps at most.
 */
public final class WorkflowGraph extends Pane {
    static final double CARD_WIDTH = 190;
    static final double CARD_HEIGHT = 78;
    static final double COLUMN_GAP = 48;
    static final double ROW_GAP = 16;
    static final double MARGIN = 8;
    private static final double ARROW = 6;
    private static final List<String> STATUS_STYLES =
            List.of(Styles.ACCENT, Styles.SUCCESS, Styles.DANGER, Styles.WARNING);

    private final ObservableList<WorkflowStepItem> steps;
    private final ObjectProperty<WorkflowStepItem> selected;

    public WorkflowGraph(ObservableList<WorkflowStepItem> steps, ObjectProperty<WorkflowStepItem> selected) {
        this.steps = steps;
        this.selected = selected;
        getStyleClass().add("workflow-graph");
        InvalidationListener redraw = observable -> draw();
        steps.addListener(redraw);
        selected.addListener(redraw);
        draw();
    }

    private void draw() {
        WorkflowGraphLayout layout = WorkflowGraphLayout.of(steps);
        getChildren().clear();
        for (WorkflowStepItem step : steps) {
            for (int dependency : step.dependsOn()) {
                Optional.ofNullable(layout.cellOf(dependency))
                        .ifPresent(from -> drawEdge(from, layout.cellOf(step.number()), "workflow-edge"));
            }
            step.delegatedBy()
                    .flatMap(parent -> Optional.ofNullable(layout.cellOf(parent)))
                    .ifPresent(from -> drawEdge(from, layout.cellOf(step.number()), "workflow-delegation"));
        }
        for (WorkflowStepItem step : steps) {
            getChildren().add(card(step, layout.cellOf(step.number())));
        }
        double width = MARGIN * 2 + layout.columns() * CARD_WIDTH + Math.max(0, layout.columns() - 1) * COLUMN_GAP;
        double height = MARGIN * 2 + layout.rows() * CARD_HEIGHT + Math.max(0, layout.rows() - 1) * ROW_GAP;
        setPrefSize(width, height);
        setMinSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
    }

    private static double x(WorkflowGraphLayout.Cell cell) {
        return MARGIN + cell.column() * (CARD_WIDTH + COLUMN_GAP);
    }

    private static double y(WorkflowGraphLayout.Cell cell) {
        return MARGIN + cell.row() * (CARD_HEIGHT + ROW_GAP);
    }

    /** The steps a step is drawn after: those it depends on and the one that handed it work. */
    static List<Integer> comesAfter(WorkflowStepItem step) {
        return step.delegatedBy()
                .map(parent -> Stream.concat(step.dependsOn().stream(), Stream.of(parent))
                        .toList())
                .orElse(step.dependsOn());
    }

    /** A curve from the right edge of the earlier step's card to the left edge of the later one, with an arrowhead. */
    private void drawEdge(WorkflowGraphLayout.Cell from, WorkflowGraphLayout.Cell to, String kind) {
        double startX = x(from) + CARD_WIDTH;
        double startY = y(from) + CARD_HEIGHT / 2;
        double endX = x(to) - 1;
        double endY = y(to) + CARD_HEIGHT / 2;
        double bend = (endX - startX) / 2;
        CubicCurve curve = new CubicCurve(startX, startY, startX + bend, startY, endX - bend, endY, endX - ARROW, endY);
        curve.getStyleClass().addAll("workflow-edge", kind);
        curve.setMouseTransparent(true);
        Polygon arrow = new Polygon(endX, endY, endX - ARROW, endY - ARROW / 1.5, endX - ARROW, endY + ARROW / 1.5);
        arrow.getStyleClass().add("workflow-edge-arrow");
        arrow.setMouseTransparent(true);
        getChildren().addAll(curve, arrow);
    }

    private VBox card(WorkflowStepItem step, WorkflowGraphLayout.Cell cell) {
        Label title = new Label(step.number() + " · " + step.agentName());
        title.getStyleClass().addAll("workflow-step-title", Styles.TEXT_BOLD);
        Label badge = new Label(step.statusText());
        badge.getStyleClass().addAll("status-badge", "workflow-step-status");
        badge.getStyleClass().removeAll(STATUS_STYLES);
        styleOf(step.status()).ifPresent(badge.getStyleClass()::add);
        Label figures = new Label(step.figuresText());
        figures.getStyleClass().addAll("workflow-step-figures", Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox card = new VBox(4, title, badge, figures);
        card.getStyleClass().addAll("workflow-step", "step-" + step.status().wireName());
        card.setId("workflow-step-" + step.number());
        if (selected.get() != null && selected.get().number() == step.number()) {
            card.getStyleClass().add("selected");
        }
        card.setPrefSize(CARD_WIDTH, CARD_HEIGHT);
        card.setMinSize(CARD_WIDTH, CARD_HEIGHT);
        card.setMaxSize(CARD_WIDTH, CARD_HEIGHT);
        card.resizeRelocate(x(cell), y(cell), CARD_WIDTH, CARD_HEIGHT);
        card.setFocusTraversable(true);
        card.setAccessibleRole(AccessibleRole.BUTTON);
        card.setAccessibleText("Step " + step.number() + ", " + step.agentName() + ", " + step.statusText());
        card.setOnMouseClicked(event -> selected.set(step));
        card.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ENTER || event.getCode() == KeyCode.SPACE) {
                selected.set(step);
                event.consume();
            }
        });
        return card;
    }

    /** The colour of a step's status, as the task table colours a task's: accent running, green done, red failed. */
    static Optional<String> styleOf(StepStatus status) {
        return switch (status) {
            case PENDING, SKIPPED -> Optional.empty();
            case RUNNING -> Optional.of(Styles.ACCENT);
            case SUCCEEDED -> Optional.of(Styles.SUCCESS);
            case FAILED -> Optional.of(Styles.DANGER);
            case WAITING_APPROVAL, CANCELLED -> Optional.of(Styles.WARNING);
        };
    }
}
