package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.ui.viewmodel.DashboardAgentRow;
import io.agentdeck.ui.viewmodel.DashboardViewModel;
import io.agentdeck.ui.viewmodel.LatencyPoint;
import io.agentdeck.ui.viewmodel.TimelineEntry;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.VBox;

/**
 * The dashboard page: task tiles, the agents table with a latency chart of the selected agent, the event timeline and
 * the API and system panels. The chart shows the agent selected in the table (the first one until the user picks).
 */
public final class DashboardController {
    private final DashboardViewModel viewModel;
    private final XYChart.Series<Number, Number> latencySeries = new XYChart.Series<>();
    private final ListChangeListener<LatencyPoint> redraw = change -> drawLatency();
    private DashboardAgentRow charted;

    @FXML
    private Label problemLabel;

    @FXML
    private Label queuedCount;

    @FXML
    private Label runningCount;

    @FXML
    private Label succeededCount;

    @FXML
    private Label failedCount;

    @FXML
    private Label cancelledCount;

    @FXML
    private TableView<DashboardAgentRow> agentTable;

    @FXML
    private TableColumn<DashboardAgentRow, DashboardAgentRow> nameColumn;

    @FXML
    private TableColumn<DashboardAgentRow, AgentStatus> statusColumn;

    @FXML
    private TableColumn<DashboardAgentRow, Number> queueColumn;

    @FXML
    private TableColumn<DashboardAgentRow, Number> messagesColumn;

    @FXML
    private TableColumn<DashboardAgentRow, Number> latencyColumn;

    @FXML
    private TableColumn<DashboardAgentRow, Number> tokensColumn;

    @FXML
    private TableColumn<DashboardAgentRow, String> speedColumn;

    @FXML
    private LineChart<Number, Number> metricsChart;

    @FXML
    private NumberAxis replyAxis;

    @FXML
    private Label chartCaption;

    @FXML
    private ListView<TimelineEntry> eventTimeline;

    @FXML
    private Label apiState;

    @FXML
    private Label apiClients;

    @FXML
    private Label apiAuth;

    @FXML
    private Label apiToken;

    @FXML
    private Button copyTokenButton;

    @FXML
    private Label tokenMessage;

    @FXML
    private Label modelState;

    @FXML
    private Label databaseState;

    public DashboardController(DashboardViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        problemLabel.textProperty().bind(viewModel.problemProperty());
        problemLabel.visibleProperty().bind(viewModel.problemProperty().isNotEmpty());
        problemLabel.managedProperty().bind(problemLabel.visibleProperty());
        bindCount(queuedCount, TaskStatus.QUEUED);
        bindCount(runningCount, TaskStatus.RUNNING);
        bindCount(succeededCount, TaskStatus.SUCCEEDED);
        bindCount(failedCount, TaskStatus.FAILED);
        bindCount(cancelledCount, TaskStatus.CANCELLED);
        setUpTable();
        setUpChart();
        eventTimeline.setItems(viewModel.timeline());
        eventTimeline.setCellFactory(list -> new TimelineCell());
        apiState.textProperty().bind(viewModel.apiStateProperty());
        apiClients.textProperty().bind(viewModel.apiClientsProperty());
        apiAuth.textProperty().bind(viewModel.apiAuthProperty());
        apiToken.textProperty().bind(viewModel.maskedTokenProperty());
        copyTokenButton
                .disableProperty()
                .bind(viewModel.tokenAvailableProperty().not());
        tokenMessage.textProperty().bind(viewModel.tokenMessageProperty());
        modelState.textProperty().bind(viewModel.modelStateProperty());
        databaseState.textProperty().bind(viewModel.databaseStateProperty());
        // The path is long and cut from the left; the tooltip has all of it.
        Tooltip databaseTip = new Tooltip();
        databaseTip.textProperty().bind(viewModel.databaseStateProperty());
        databaseState.setTooltip(databaseTip);
    }

    private void bindCount(Label label, TaskStatus status) {
        label.textProperty().bind(viewModel.taskCountProperty(status).asString());
    }

    private void setUpTable() {
        agentTable.setItems(viewModel.agents());
        agentTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        nameColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        nameColumn.setCellFactory(column -> new AgentNameCell());
        statusColumn.setCellValueFactory(cell -> cell.getValue().statusProperty());
        statusColumn.setCellFactory(column -> new StatusBadgeCell());
        queueColumn.setCellValueFactory(cell -> cell.getValue().queueLengthProperty());
        queueColumn.setCellFactory(column -> numberCell(value -> String.valueOf(value.intValue())));
        messagesColumn.setCellValueFactory(cell -> cell.getValue().messagesProperty());
        messagesColumn.setCellFactory(column -> numberCell(DashboardController::grouped));
        latencyColumn.setCellValueFactory(cell -> cell.getValue().averageLatencyMsProperty());
        latencyColumn.setCellFactory(column ->
                numberCell(value -> value.doubleValue() > 0 ? grouped(Math.round(value.doubleValue())) + " ms" : "–"));
        tokensColumn.setCellValueFactory(cell -> cell.getValue().tokensProperty());
        tokensColumn.setCellFactory(column -> numberCell(DashboardController::grouped));
        speedColumn.setCellValueFactory(cell -> cell.getValue().speedProperty());
        viewModel.agents().addListener((ListChangeListener<DashboardAgentRow>) change -> selectFirstIfNone());
        agentTable.getSelectionModel().selectedItemProperty().addListener((o, before, row) -> chart(row));
        selectFirstIfNone();
    }

    private static String grouped(Number value) {
        return String.format(Locale.ROOT, "%,d", value.longValue());
    }

    private static TableCell<DashboardAgentRow, Number> numberCell(Function<Number, String> format) {
        return new TableCell<>() {
            @Override
            protected void updateItem(Number value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty || value == null ? null : format.apply(value));
            }
        };
    }

    private void selectFirstIfNone() {
        if (agentTable.getSelectionModel().getSelectedItem() == null
                && !viewModel.agents().isEmpty()) {
            agentTable.getSelectionModel().selectFirst();
        }
    }

    private void setUpChart() {
        // Redrawn on every reply; animation would only cost frames.
        metricsChart.setAnimated(false);
        metricsChart.setLegendVisible(false);
        metricsChart.getData().add(latencySeries);
        chart(agentTable.getSelectionModel().getSelectedItem());
    }

    /** Shows the latency of the given agent's latest replies, following its list as replies arrive. */
    private void chart(DashboardAgentRow row) {
        if (charted != null) {
            charted.latency().removeListener(redraw);
        }
        charted = row;
        if (row != null) {
            row.latency().addListener(redraw);
            chartCaption.setText(row.name() + ", last " + DashboardAgentRow.LATENCY_POINTS + " replies (ms)");
        } else {
            chartCaption.setText("Select an agent to see its reply latency");
        }
        drawLatency();
    }

    private void drawLatency() {
        List<LatencyPoint> points = charted == null ? List.of() : charted.latency();
        latencySeries
                .getData()
                .setAll(points.stream()
                        .map(point -> new XYChart.Data<Number, Number>(point.replyNumber(), point.latencyMs()))
                        .toList());
        // A fixed window of reply numbers that slides along, so the axis does not jump with every reply.
        long last = points.isEmpty() ? 0 : points.getLast().replyNumber();
        long lower = Math.max(1, last - DashboardAgentRow.LATENCY_POINTS + 1);
        replyAxis.setLowerBound(lower);
        replyAxis.setUpperBound(lower + DashboardAgentRow.LATENCY_POINTS - 1);
    }

    @FXML
    private void refresh() {
        viewModel.refresh();
    }

    @FXML
    private void copyToken() {
        viewModel.copyToken(token -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(token);
            Clipboard.getSystemClipboard().setContent(content);
        });
    }

    /** The agent's name over its type and role. */
    private static final class AgentNameCell extends TableCell<DashboardAgentRow, DashboardAgentRow> {
        private final Label name = new Label();
        private final Label detail = new Label();
        private final VBox box = new VBox(1, name, detail);

        AgentNameCell() {
            name.getStyleClass().addAll("agent-name", Styles.TEXT_BOLD);
            detail.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            detail.setMinWidth(0);
        }

        @Override
        protected void updateItem(DashboardAgentRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            name.setText(row.name());
            detail.setText(row.type() + " · " + row.role());
            setGraphic(box);
        }
    }
}
