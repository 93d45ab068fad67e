package io.agentdeck.ui.view;

import io.agentdeck.ui.viewmodel.AgentItemViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel.State;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;

/** The main window: binds the agent sidebar and picks which centre panel is visible. */
public final class ShellController {
    private final ShellViewModel viewModel;

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

    public ShellController(ShellViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        agentList.setItems(viewModel.agents());
        agentList.setCellFactory(list -> new AgentCell());
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
        showWhen(chat, State.READY);
        showWhen(setupPanel, State.NEEDS_MODEL);
        showWhen(startingPanel, State.STARTING);
        showWhen(failedPanel, State.FAILED);
    }

    private void showWhen(Node panel, State state) {
        panel.visibleProperty().bind(Bindings.equal(viewModel.stateProperty(), state));
        panel.managedProperty().bind(panel.visibleProperty());
    }
}
