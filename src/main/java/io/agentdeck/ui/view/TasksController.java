package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.ui.viewmodel.TaskItemViewModel;
import io.agentdeck.ui.viewmodel.TasksViewModel;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/** The Tasks page: the task input, the task table and the selected task's details. */
public final class TasksController {
    private static final KeyCombination RUN = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);

    private final TasksViewModel viewModel;

    @FXML
    private TextArea taskInput;

    @FXML
    private Button runTaskButton;

    @FXML
    private Label tasksError;

    @FXML
    private TableView<TaskItemViewModel> taskTable;

    @FXML
    private TableColumn<TaskItemViewModel, Long> idColumn;

    @FXML
    private TableColumn<TaskItemViewModel, String> inputColumn;

    @FXML
    private TableColumn<TaskItemViewModel, TaskStatus> statusColumn;

    @FXML
    private TableColumn<TaskItemViewModel, String> createdColumn;

    @FXML
    private TableColumn<TaskItemViewModel, String> durationColumn;

    @FXML
    private Node noSelection;

    @FXML
    private Node taskDetails;

    @FXML
    private Label taskTitle;

    @FXML
    private Label taskTimes;

    @FXML
    private TextArea taskDetailInput;

    @FXML
    private Node taskResultLabel;

    @FXML
    private TextArea taskResult;

    @FXML
    private Label taskError;

    @FXML
    private Button cancelTaskButton;

    public TasksController(TasksViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        taskInput.textProperty().bindBidirectional(viewModel.inputProperty());
        taskInput.addEventFilter(KeyEvent.KEY_PRESSED, this::onInputKey);
        runTaskButton.getStyleClass().add(Styles.ACCENT);
        runTaskButton.disableProperty().bind(viewModel.canSubmitProperty().not());
        tasksError.textProperty().bind(viewModel.errorProperty());
        showWhen(tasksError, viewModel.errorProperty().isNotEmpty());
        initializeTable();
        initializeDetails();
    }

    private void initializeTable() {
        idColumn.setCellValueFactory(
                cell -> new ReadOnlyObjectWrapper<>(cell.getValue().id()));
        inputColumn.setCellValueFactory(
                cell -> new ReadOnlyObjectWrapper<>(cell.getValue().shortInput()));
        statusColumn.setCellValueFactory(cell -> cell.getValue().statusProperty());
        statusColumn.setCellFactory(column -> new TaskStatusCell());
        createdColumn.setCellValueFactory(
                cell -> new ReadOnlyObjectWrapper<>(cell.getValue().createdText()));
        durationColumn.setCellValueFactory(cell -> cell.getValue().durationProperty());
        // Sorting by a column sorts this view of the list; unsorted it stays newest first.
        SortedList<TaskItemViewModel> sorted = new SortedList<>(viewModel.tasks());
        sorted.comparatorProperty().bind(taskTable.comparatorProperty());
        taskTable.setItems(sorted);
        taskTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_NEXT_COLUMN);
        taskTable.getSelectionModel().selectedItemProperty().addListener((observable, previous, item) -> {
            if (item != null) {
                viewModel.selectedProperty().set(item);
            }
        });
        viewModel.selectedProperty().addListener((observable, previous, item) -> select(item));
        select(viewModel.selectedProperty().get());
    }

    private void initializeDetails() {
        ObservableBooleanValue selected = viewModel.selectedProperty().isNotNull();
        showWhen(taskDetails, selected);
        showWhen(noSelection, viewModel.selectedProperty().isNull());
        taskTitle.textProperty().bind(viewModel.selectedTitleProperty());
        taskTimes.textProperty().bind(viewModel.selectedTimesProperty());
        taskDetailInput.textProperty().bind(viewModel.selectedInputProperty());
        taskResult.textProperty().bind(viewModel.selectedResultProperty());
        taskError.textProperty().bind(viewModel.selectedErrorProperty());
        showWhen(taskError, viewModel.selectedErrorProperty().isNotEmpty());
        showWhen(taskResult, viewModel.selectedErrorProperty().isEmpty());
        showWhen(taskResultLabel, viewModel.selectedErrorProperty().isEmpty());
        cancelTaskButton.getStyleClass().add(Styles.DANGER);
        cancelTaskButton
                .disableProperty()
                .bind(viewModel.canCancelSelectedProperty().not());
    }

    private void select(TaskItemViewModel item) {
        if (item == null) {
            taskTable.getSelectionModel().clearSelection();
        } else if (item != taskTable.getSelectionModel().getSelectedItem()) {
            taskTable.getSelectionModel().select(item);
            taskTable.scrollTo(item);
        }
    }

    private void onInputKey(KeyEvent event) {
        if (RUN.match(event)) {
            event.consume();
            viewModel.submit();
        }
    }

    private static void showWhen(Node node, ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }

    @FXML
    private void submit() {
        viewModel.submit();
    }

    @FXML
    private void cancel() {
        viewModel.cancelSelected();
    }
}
