package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.engine.approval.Approval;
import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.ui.view.markdown.MarkdownRenderer;
import io.agentdeck.ui.viewmodel.TaskItemViewModel;
import io.agentdeck.ui.viewmodel.TasksViewModel;
import io.agentdeck.ui.viewmodel.WorkflowStepItem;
import io.agentdeck.ui.viewmodel.WorkflowViewModel;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The Tasks page: the task input, the task table and the selected task's details. */
public final class TasksController {
    private static final KeyCombination RUN = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);

    private final TasksViewModel viewModel;
    private final WorkflowViewModel workflow;
    private final MarkdownRenderer markdown;

    @FXML
    private CheckBox planWithTeam;

    @FXML
    private CheckBox allowNewAgents;

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
    private ScrollPane taskDetails;

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

    @FXML
    private Button resumeWorkflowButton;

    @FXML
    private Node workflowSection;

    @FXML
    private Label workflowStatus;

    @FXML
    private Label workflowStopReason;

    @FXML
    private Label workflowError;

    @FXML
    private VBox workflowApprovals;

    @FXML
    private ScrollPane workflowGraphScroll;

    @FXML
    private Node stepDetails;

    @FXML
    private Label stepTitle;

    @FXML
    private TextArea stepInstruction;

    @FXML
    private Node stepOutputLabel;

    @FXML
    private TextArea stepOutput;

    @FXML
    private Label stepError;

    @FXML
    private Node workflowHint;

    @FXML
    private Node workflowResultLabel;

    @FXML
    private StackPane workflowResult;

    /** @param markdown renders the workflow's result as the chat renders an answer */
    public TasksController(TasksViewModel viewModel, MarkdownRenderer markdown) {
        this.viewModel = viewModel;
        this.workflow = viewModel.workflow();
        this.markdown = markdown;
    }

    @FXML
    private void initialize() {
        taskInput.textProperty().bindBidirectional(viewModel.inputProperty());
        taskInput.addEventFilter(KeyEvent.KEY_PRESSED, this::onInputKey);
        runTaskButton.getStyleClass().add(Styles.ACCENT);
        runTaskButton.disableProperty().bind(viewModel.canSubmitProperty().not());
        tasksError.textProperty().bind(viewModel.errorProperty());
        showWhen(tasksError, viewModel.errorProperty().isNotEmpty());
        planWithTeam.selectedProperty().bindBidirectional(viewModel.planWithTeamProperty());
        allowNewAgents.selectedProperty().bindBidirectional(viewModel.allowNewAgentsProperty());
        allowNewAgents.disableProperty().bind(viewModel.planWithTeamProperty().not());
        initializeTable();
        initializeDetails();
        initializeWorkflow();
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
        viewModel.selectedProperty().addListener((observable, previous, item) -> {
            select(item);
            if (item != previous) {
                taskDetails.setVvalue(0); // another task's details start at their top
            }
        });
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
        // A workflow's result is shown as Markdown in the workflow section instead.
        ObservableBooleanValue plainResult = viewModel
                .selectedErrorProperty()
                .isEmpty()
                .and(workflow.presentProperty().not());
        showWhen(taskResult, plainResult);
        showWhen(taskResultLabel, plainResult);
        cancelTaskButton.getStyleClass().add(Styles.DANGER);
        cancelTaskButton
                .disableProperty()
                .bind(viewModel.canCancelSelectedProperty().not());
    }

    private void initializeWorkflow() {
        showWhen(workflowSection, workflow.presentProperty());
        workflowStatus.textProperty().bind(workflow.statusTextProperty());
        workflowStopReason.textProperty().bind(workflow.stopReasonProperty());
        showWhen(workflowStopReason, workflow.stopReasonProperty().isNotEmpty());
        workflowError.textProperty().bind(workflow.errorProperty());
        showWhen(workflowError, workflow.errorProperty().isNotEmpty());
        resumeWorkflowButton.getStyleClass().add(Styles.ACCENT);
        showWhen(resumeWorkflowButton, workflow.canResumeProperty());
        workflowGraphScroll.setContent(new WorkflowGraph(workflow.steps(), workflow.selectedStepProperty()));
        showWhen(workflowGraphScroll, Bindings.isNotEmpty(workflow.steps()));
        initializeStepDetails();
        workflow.approvals().addListener((ListChangeListener<Approval>) change -> showApprovals());
        showApprovals();
        showWhen(workflowResultLabel, workflow.resultProperty().isNotEmpty());
        showWhen(workflowResult, workflow.resultProperty().isNotEmpty());
        workflow.resultProperty().addListener((observable, previous, text) -> showResult(text));
        showResult(workflow.resultProperty().get());
    }

    private void initializeStepDetails() {
        ObjectProperty<WorkflowStepItem> step = workflow.selectedStepProperty();
        showWhen(stepDetails, step.isNotNull());
        showWhen(workflowHint, step.isNull().and(Bindings.isNotEmpty(workflow.steps())));
        stepTitle
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> step.get() == null
                                ? ""
                                : "Step " + step.get().number() + " · "
                                        + step.get().agentName() + " · "
                                        + step.get().statusText()
                                        + (step.get().figuresText().isEmpty()
                                                ? ""
                                                : " · " + step.get().figuresText()),
                        step));
        stepInstruction.textProperty().bind(text(step, WorkflowStepItem::inputText));
        stepOutput.textProperty().bind(text(step, WorkflowStepItem::output));
        stepError.textProperty().bind(text(step, WorkflowStepItem::error));
        showWhen(stepError, stepError.textProperty().isNotEmpty());
        showWhen(stepOutput, stepOutput.textProperty().isNotEmpty());
        showWhen(stepOutputLabel, stepOutput.textProperty().isNotEmpty());
    }

    private static StringBinding text(ObjectProperty<WorkflowStepItem> step, Function<WorkflowStepItem, String> part) {
        return Bindings.createStringBinding(() -> step.get() == null ? "" : part.apply(step.get()), step);
    }

    /** One row per new specialist the workflow waits for, answered right here. */
    private void showApprovals() {
        workflowApprovals.getChildren().clear();
        for (Approval approval : workflow.approvals()) {
            Label question = new Label("The plan asks for a new agent: " + WorkflowViewModel.specialistText(approval));
            question.setWrapText(true);
            question.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(question, Priority.ALWAYS);
            Button approve = new Button("Create agent");
            approve.getStyleClass().addAll(Styles.SUCCESS, "workflow-approve");
            approve.setOnAction(event -> workflow.approve(approval));
            Button deny = new Button("Deny");
            deny.getStyleClass().addAll(Styles.DANGER, "workflow-deny");
            deny.setOnAction(event -> workflow.deny(approval));
            HBox row = new HBox(8, question, approve, deny);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().add("workflow-approval");
            workflowApprovals.getChildren().add(row);
        }
        workflowApprovals.setVisible(!workflow.approvals().isEmpty());
        workflowApprovals.setManaged(workflowApprovals.isVisible());
    }

    private void showResult(String text) {
        workflowResult
                .getChildren()
                .setAll(text == null || text.isEmpty() ? List.of() : List.of(markdown.render(text)));
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

    @FXML
    private void resume() {
        workflow.resume();
    }
}
