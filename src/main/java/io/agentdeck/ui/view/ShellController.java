package io.agentdeck.ui.view;

import io.agentdeck.ui.viewmodel.AgentItemViewModel;
import io.agentdeck.ui.viewmodel.NewAgentViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel.Page;
import io.agentdeck.ui.viewmodel.ShellViewModel.State;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.StackPane;
import javafx.stage.Modality;
import javafx.stage.Stage;

/** The main window: binds the agent sidebar and picks which centre panel is visible. */
public final class ShellController {
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    /** Ctrl+1 … Ctrl+7 open the chat, the dashboard, the tasks, the settings, the tools, the knowledge and the models. */
    private static final Map<Page, KeyCombination> PAGE_KEYS = Map.of(
            Page.CHAT, new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN),
            Page.DASHBOARD, new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN),
            Page.TASKS, new KeyCodeCombination(KeyCode.DIGIT3, KeyCombination.SHORTCUT_DOWN),
            Page.SETTINGS, new KeyCodeCombination(KeyCode.DIGIT4, KeyCombination.SHORTCUT_DOWN),
            Page.TOOLS, new KeyCodeCombination(KeyCode.DIGIT5, KeyCombination.SHORTCUT_DOWN),
            Page.KNOWLEDGE, new KeyCodeCombination(KeyCode.DIGIT6, KeyCombination.SHORTCUT_DOWN),
            Page.MODELS, new KeyCodeCombination(KeyCode.DIGIT7, KeyCombination.SHORTCUT_DOWN));

    private static final KeyCombination JUMP_TO_AGENT = new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN);
    private final ShellViewModel viewModel;
    private final ViewFactory views;

    @FXML
    private ListView<AgentItemViewModel> agentList;

    @FXML
    private Label modelStatus;

    @FXML
    private Node chat;

    @FXML
    private StackPane centre;

    @FXML
    private StackPane pageHost;

    @FXML
    private Button dashboardNav;

    @FXML
    private Button tasksNav;

    @FXML
    private Button toolsNav;

    @FXML
    private Button knowledgeNav;

    @FXML
    private Button modelsNav;

    @FXML
    private Button settingsNav;

    @FXML
    private Label activeTasks;

    private final Map<Page, Node> pages = new EnumMap<>(Page.class);
    /** Held here: the notifier listens weakly, so it lives as long as the window. */
    private TaskNotifier notifier;

    @FXML
    private Node setupPanel;

    @FXML
    private Node startingPanel;

    @FXML
    private Node failedPanel;

    @FXML
    private Label failedReason;

    @FXML
    private Label sidebarError;

    public ShellController(ShellViewModel viewModel, ViewFactory views) {
        this.viewModel = viewModel;
        this.views = views;
    }

    @FXML
    private void initialize() {
        agentList.setItems(viewModel.agents());
        agentList.setCellFactory(list -> new AgentCell(viewModel::deleteAgentAfterConfirming));
        // Clicking the agent that is already selected (e.g. from the dashboard) still opens its chat.
        agentList.setOnMouseClicked(event -> {
            AgentItemViewModel selected = agentList.getSelectionModel().getSelectedItem();
            if (selected != null && event.getButton() == MouseButton.PRIMARY) {
                viewModel.openAgent(selected);
            }
        });
        agentList.getSelectionModel().selectedItemProperty().addListener((observable, previous, agent) -> {
            if (agent != null) {
                viewModel.selectedAgentProperty().set(agent);
            }
        });
        viewModel.selectedAgentProperty().addListener((observable, previous, agent) -> {
            if (agent != agentList.getSelectionModel().getSelectedItem()) {
                agentList.getSelectionModel().select(agent);
            }
        });
        modelStatus.textProperty().bind(viewModel.modelStatusProperty());
        failedReason.textProperty().bind(viewModel.startupErrorProperty());
        sidebarError.textProperty().bind(viewModel.sidebarErrorProperty());
        sidebarError.visibleProperty().bind(viewModel.sidebarErrorProperty().isNotEmpty());
        sidebarError.managedProperty().bind(sidebarError.visibleProperty());
        BooleanBinding onChat = Bindings.equal(viewModel.pageProperty(), Page.CHAT);
        BooleanBinding usable = Bindings.equal(viewModel.stateProperty(), State.READY)
                .or(Bindings.equal(viewModel.stateProperty(), State.NEEDS_MODEL));
        showWhen(chat, onChat.and(Bindings.equal(viewModel.stateProperty(), State.READY)));
        showWhen(setupPanel, onChat.and(Bindings.equal(viewModel.stateProperty(), State.NEEDS_MODEL)));
        showWhen(pageHost, onChat.not().and(usable));
        viewModel.pageProperty().addListener((observable, previous, page) -> showPage(page));
        showPage(viewModel.pageProperty().get());
        activeTasks.textProperty().bind(viewModel.tasks().activeCountProperty().asString());
        activeTasks
                .visibleProperty()
                .bind(viewModel.tasks().activeCountProperty().greaterThan(0));
        notifier = new TaskNotifier(viewModel.tasks(), this::showTasks);
        centre.getChildren().add(notifier.node());
        // Last, so that it covers every page while a tool call waits for the person.
        centre.getChildren().add(new ApprovalPanel(viewModel.approvals()).node());
        showWhen(startingPanel, State.STARTING);
        showWhen(failedPanel, State.FAILED);
        agentList.sceneProperty().addListener((observable, previous, scene) -> {
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onSceneKey);
            }
        });
    }

    private void onSceneKey(KeyEvent event) {
        for (var shortcut : PAGE_KEYS.entrySet()) {
            if (shortcut.getValue().match(event)) {
                event.consume();
                viewModel.pageProperty().set(shortcut.getKey());
                return;
            }
        }
        if (JUMP_TO_AGENT.match(event) && !viewModel.agents().isEmpty()) {
            event.consume();
            new AgentSwitcher(viewModel).show(agentList.getScene().getWindow(), viewModel::openAgent);
        }
    }

    /** Opens the new-agent dialog over the main window. */
    @FXML
    private void newAgent() {
        NewAgentViewModel newAgent = viewModel.newAgent();
        Scene owner = agentList.getScene();
        Scene scene = new Scene(views.loadNewAgent(newAgent));
        scene.getStylesheets().setAll(owner.getStylesheets());
        Stage dialog = new Stage();
        dialog.initOwner(owner.getWindow());
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle("New agent");
        dialog.setScene(scene);
        dialog.setOnCloseRequest(event -> newAgent.discard());
        newAgent.stepProperty().addListener((observable, previous, step) -> {
            if (step == NewAgentViewModel.Step.DONE) {
                dialog.close();
            }
        });
        dialog.show();
    }

    private void showWhen(Node panel, State state) {
        showWhen(panel, Bindings.equal(viewModel.stateProperty(), state));
    }

    private static void showWhen(Node panel, ObservableBooleanValue condition) {
        panel.visibleProperty().bind(condition);
        panel.managedProperty().bind(panel.visibleProperty());
    }

    /** Pages load the first time they are opened, which keeps start-up short. */
    private void showPage(Page page) {
        for (var entry : Map.of(
                        Page.DASHBOARD,
                        dashboardNav,
                        Page.TASKS,
                        tasksNav,
                        Page.TOOLS,
                        toolsNav,
                        Page.KNOWLEDGE,
                        knowledgeNav,
                        Page.MODELS,
                        modelsNav,
                        Page.SETTINGS,
                        settingsNav)
                .entrySet()) {
            entry.getValue().pseudoClassStateChanged(SELECTED, entry.getKey() == page);
        }
        if (page != Page.CHAT) {
            Node content = pages.computeIfAbsent(page, key -> views.loadPage(viewModel, key));
            pageHost.getChildren().setAll(content);
        }
        views.pageShown(page, pages.containsKey(Page.DASHBOARD));
    }

    @FXML
    private void showDashboard() {
        viewModel.pageProperty().set(Page.DASHBOARD);
    }

    @FXML
    private void showSettings() {
        viewModel.pageProperty().set(Page.SETTINGS);
    }

    @FXML
    private void showTasks() {
        viewModel.pageProperty().set(Page.TASKS);
    }

    @FXML
    private void showTools() {
        viewModel.pageProperty().set(Page.TOOLS);
    }

    @FXML
    private void showKnowledge() {
        viewModel.pageProperty().set(Page.KNOWLEDGE);
    }

    @FXML
    private void showModels() {
        viewModel.pageProperty().set(Page.MODELS);
    }

    /** The first-run panel's "Use a model file on this computer". */
    @FXML
    private void useModelFile() {
        viewModel.useModelFile();
    }
}
