package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.engine.llm.ModelFileStatus;
import io.agentdeck.ui.viewmodel.ModelRow;
import io.agentdeck.ui.viewmodel.ModelsViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;

/** The Models page: the model files with their status and progress, the commands on the selected one, a download. */
public final class ModelsController {
    private final ModelsViewModel viewModel;

    @FXML
    private Label modelsError;

    @FXML
    private Label modelsNotice;

    @FXML
    private ProgressIndicator busyIndicator;

    @FXML
    private Button addFileButton;

    @FXML
    private Button activateButton;

    @FXML
    private Button deleteButton;

    @FXML
    private TableView<ModelRow> modelTable;

    @FXML
    private TableColumn<ModelRow, String> nameColumn;

    @FXML
    private TableColumn<ModelRow, ModelRow> statusColumn;

    @FXML
    private TableColumn<ModelRow, String> sizeColumn;

    @FXML
    private TableColumn<ModelRow, String> quantizationColumn;

    @FXML
    private TableColumn<ModelRow, String> contextColumn;

    @FXML
    private TextField downloadUrl;

    @FXML
    private TextField downloadSha256;

    @FXML
    private Button downloadButton;

    public ModelsController(ModelsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        showWhenSet(modelsError, viewModel.errorProperty());
        showWhenSet(modelsNotice, viewModel.noticeProperty());
        busyIndicator.visibleProperty().bind(viewModel.busyProperty());
        modelTable.setItems(viewModel.models());
        modelTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        nameColumn.setCellValueFactory(
                cell -> new ReadOnlyObjectWrapper<>(cell.getValue().name()));
        statusColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        statusColumn.setCellFactory(column -> new StatusCell());
        sizeColumn.setCellValueFactory(
                cell -> new ReadOnlyObjectWrapper<>(cell.getValue().sizeText()));
        quantizationColumn.setCellValueFactory(
                cell -> new ReadOnlyObjectWrapper<>(cell.getValue().quantization()));
        contextColumn.setCellValueFactory(
                cell -> new ReadOnlyObjectWrapper<>(cell.getValue().contextText()));
        // A double click on a ready model puts it to use, as the button does.
        modelTable.setRowFactory(table -> {
            TableRow<ModelRow> row = new TableRow<>();
            row.setOnMouseClicked(event -> {
                if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2 && !row.isEmpty()) {
                    viewModel.activate(row.getItem());
                }
            });
            return row;
        });
        var selected = modelTable.getSelectionModel().selectedItemProperty();
        addFileButton.getStyleClass().add(Styles.ACCENT);
        activateButton
                .disableProperty()
                .bind(Bindings.createBooleanBinding(
                                () -> selected.get() == null
                                        || selected.get().status() != ModelFileStatus.READY
                                        || selected.get().active(),
                                selected)
                        .or(viewModel.busyProperty()));
        deleteButton.getStyleClass().add(Styles.DANGER);
        deleteButton.disableProperty().bind(selected.isNull());
        downloadUrl.textProperty().bindBidirectional(viewModel.downloadUrlProperty());
        downloadSha256.textProperty().bindBidirectional(viewModel.downloadSha256Property());
        downloadUrl.setOnAction(event -> viewModel.download());
        downloadButton.disableProperty().bind(viewModel.canDownloadProperty().not());
    }

    private static void showWhenSet(Label label, ObservableStringValue text) {
        label.textProperty().bind(text);
        label.visibleProperty().bind(Bindings.isNotEmpty(text));
        label.managedProperty().bind(label.visibleProperty());
    }

    @FXML
    private void addFiles() {
        viewModel.addFiles();
    }

    @FXML
    private void activate() {
        viewModel.activate(modelTable.getSelectionModel().getSelectedItem());
    }

    @FXML
    private void delete() {
        viewModel.delete(modelTable.getSelectionModel().getSelectedItem());
    }

    @FXML
    private void download() {
        viewModel.download();
    }

    /** The status as a badge, with a progress bar while the file arrives and the reason when it failed. */
    private static final class StatusCell extends TableCell<ModelRow, ModelRow> {
        private final Label badge = new Label();
        private final ProgressBar progress = new ProgressBar();
        private final HBox box = new HBox(8, badge, progress);

        StatusCell() {
            badge.getStyleClass().addAll("status-badge", "model-status");
            progress.setPrefWidth(90);
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(ModelRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            badge.setText(row.statusText());
            badge.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER, Styles.ACCENT);
            badge.getStyleClass()
                    .add(
                            switch (row.status()) {
                                case READY -> row.active() ? Styles.SUCCESS : Styles.ACCENT;
                                case DOWNLOADING -> Styles.ACCENT;
                                case FAILED -> Styles.DANGER;
                            });
            boolean arriving = row.status() == ModelFileStatus.DOWNLOADING;
            progress.setVisible(arriving);
            progress.setManaged(arriving);
            progress.setProgress(row.progress() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : row.progress());
            setTooltip(row.error().isEmpty() ? null : new Tooltip(row.error()));
            setGraphic(box);
        }
    }
}
