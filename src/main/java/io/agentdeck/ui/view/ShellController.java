package io.agentdeck.ui.view;

import io.agentdeck.ui.viewmodel.AgentItemViewModel;
import io.agentdeck.ui.viewmodel.NewAgentViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel.State;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Modality;
import javafx.stage.Stage;

/** The main window: binds the agent sidebar and picks which centre panel is visible. */
public final class ShellController {
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
        agentList.setCellFactory(list -> new AgentCell(this::confirmDelete));
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
        showWhen(chat, State.READY);
        showWhen(setupPanel, State.NEEDS_MODEL);
        showWhen(startingPanel, State.STARTING);
        showWhen(failedPanel, State.FAILED);
        agentList.sceneProperty().addListener((observable, previous, scene) -> {
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onSceneKey);
            }
        });
    }

    private void onSceneKey(KeyEvent event) {
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

    private void confirmDelete(AgentItemViewModel agent) {
        Alert confirm = new Alert(
                Alert.AlertType.CONFIRMATION,
                "Delete " + agent.name() + " with all its threads and messages? This cannot be undone.",
                ButtonType.CANCEL,
                ButtonType.OK);
        confirm.initOwner(agentList.getScene().getWindow());
        confirm.setTitle("Delete agent");
        confirm.setHeaderText("Delete agent " + agent.name() + "?");
        confirm.showAndWait().filter(ButtonType.OK::equals).ifPresent(ok -> viewModel.deleteAgent(agent));
    }

    private void showWhen(Node panel, State state) {
        panel.visibleProperty().bind(Bindings.equal(viewModel.stateProperty(), state));
        panel.managedProperty().bind(panel.visibleProperty());
    }
}
