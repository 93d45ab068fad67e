package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.mcp.McpServerInfo;
import io.agentdeck.engine.mcp.McpServerStatus;
import io.agentdeck.engine.tool.ToolPolicy;
import io.agentdeck.ui.viewmodel.ToolsViewModel;
import io.agentdeck.ui.viewmodel.ToolsViewModel.AgentToolChoice;
import io.agentdeck.ui.viewmodel.ToolsViewModel.RuleRow;
import io.agentdeck.ui.viewmodel.ToolsViewModel.ToolRow;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;

/** The Tools page: binds its tables and lists to the {@link ToolsViewModel}; all work happens there. */
public final class ToolsController {
    private final ToolsViewModel viewModel;

    @FXML
    private Label toolsError;

    @FXML
    private TableView<ToolRow> toolTable;

    @FXML
    private TableColumn<ToolRow, String> toolNameColumn;

    @FXML
    private TableColumn<ToolRow, String> toolSourceColumn;

    @FXML
    private TableColumn<ToolRow, String> toolEffectColumn;

    @FXML
    private TableColumn<ToolRow, ToolRow> toolPolicyColumn;

    @FXML
    private TableColumn<ToolRow, String> toolDescriptionColumn;

    @FXML
    private TableView<RuleRow> ruleTable;

    @FXML
    private TableColumn<RuleRow, String> ruleToolColumn;

    @FXML
    private TableColumn<RuleRow, String> ruleWhoColumn;

    @FXML
    private TableColumn<RuleRow, String> rulePolicyColumn;

    @FXML
    private TableColumn<RuleRow, RuleRow> ruleRevokeColumn;

    @FXML
    private Label serversError;

    @FXML
    private TableView<McpServerInfo> serverTable;

    @FXML
    private TableColumn<McpServerInfo, String> serverNameColumn;

    @FXML
    private TableColumn<McpServerInfo, String> serverStatusColumn;

    @FXML
    private TableColumn<McpServerInfo, String> serverDetailColumn;

    @FXML
    private TableColumn<McpServerInfo, McpServerInfo> serverActionsColumn;

    @FXML
    private TextArea mcpPaste;

    @FXML
    private Button addServersButton;

    @FXML
    private ComboBox<Agent> agentChoice;

    @FXML
    private Label agentToolsSaved;

    @FXML
    private Button saveAgentToolsButton;

    @FXML
    private ListView<AgentToolChoice> agentToolList;

    public ToolsController(ToolsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        toolsError.textProperty().bind(viewModel.errorProperty());
        toolsError.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        toolsError.managedProperty().bind(toolsError.visibleProperty());

        toolTable.setItems(viewModel.tools());
        toolNameColumn.setCellValueFactory(
                cell -> new ReadOnlyStringWrapper(cell.getValue().name()));
        toolSourceColumn.setCellValueFactory(
                cell -> new ReadOnlyStringWrapper(cell.getValue().source()));
        toolEffectColumn.setCellValueFactory(
                cell -> new ReadOnlyStringWrapper(cell.getValue().effect()));
        toolDescriptionColumn.setCellValueFactory(
                cell -> new ReadOnlyStringWrapper(cell.getValue().description()));
        toolPolicyColumn.setCellValueFactory(
                cell -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cell.getValue()));
        toolPolicyColumn.setCellFactory(column -> new PolicyCell(viewModel));

        ruleTable.setItems(viewModel.rules());
        ruleToolColumn.setCellValueFactory(
                cell -> new ReadOnlyStringWrapper(cell.getValue().tool()));
        ruleWhoColumn.setCellValueFactory(
                cell -> new ReadOnlyStringWrapper(cell.getValue().who()));
        rulePolicyColumn.setCellValueFactory(
                cell -> new ReadOnlyStringWrapper(cell.getValue().policy()));
        ruleRevokeColumn.setCellValueFactory(
                cell -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cell.getValue()));
        ruleRevokeColumn.setCellFactory(column -> new RevokeCell(viewModel));

        serversError.textProperty().bind(viewModel.serversErrorProperty());
        serversError.visibleProperty().bind(viewModel.serversErrorProperty().isNotEmpty());
        serversError.managedProperty().bind(serversError.visibleProperty());
        serverTable.setItems(viewModel.servers());
        // The columns share the table's width, so the action buttons are never scrolled out of sight.
        serverTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        toolTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        serverNameColumn.setCellValueFactory(
                cell -> new ReadOnlyStringWrapper(cell.getValue().name()));
        serverStatusColumn.setCellValueFactory(
                cell -> new ReadOnlyStringWrapper(ToolsViewModel.statusText(cell.getValue())));
        serverDetailColumn.setCellValueFactory(
                cell -> new ReadOnlyStringWrapper(ToolsViewModel.detail(cell.getValue())));
        serverActionsColumn.setCellValueFactory(
                cell -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cell.getValue()));
        serverActionsColumn.setCellFactory(column -> new ServerActionsCell(viewModel));
        mcpPaste.textProperty().bindBidirectional(viewModel.pasteProperty());
        addServersButton.disableProperty().bind(viewModel.pasteProperty().isEmpty());

        agentChoice.setItems(viewModel.agents());
        agentChoice.valueProperty().bindBidirectional(viewModel.selectedAgentProperty());
        agentChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(Agent agent) {
                return agent == null ? "" : agent.name();
            }

            @Override
            public Agent fromString(String text) {
                return null;
            }
        });
        agentToolList.setItems(viewModel.agentTools());
        agentToolList.setCellFactory(
                CheckBoxListCell.forListView(AgentToolChoice::chosenProperty, new StringConverter<>() {
                    @Override
                    public String toString(AgentToolChoice choice) {
                        return choice == null ? "" : choice.name();
                    }

                    @Override
                    public AgentToolChoice fromString(String text) {
                        return null;
                    }
                }));
        agentToolsSaved.textProperty().bind(viewModel.savedProperty());
        saveAgentToolsButton
                .disableProperty()
                .bind(viewModel.selectedAgentProperty().isNull());
    }

    @FXML
    private void addServers() {
        viewModel.addPastedServers();
    }

    @FXML
    private void saveAgentTools() {
        viewModel.saveAgentTools();
    }

    /** The policy of a tool for all agents, changed in place. */
    private static final class PolicyCell extends TableCell<ToolRow, ToolRow> {
        private final ChoiceBox<ToolPolicy> choice = new ChoiceBox<>();
        private ToolRow bound;

        PolicyCell(ToolsViewModel viewModel) {
            choice.getItems().setAll(viewModel.policies());
            choice.getStyleClass().add("tool-policy-choice");
            choice.setConverter(new StringConverter<>() {
                @Override
                public String toString(ToolPolicy policy) {
                    return policy == null
                            ? ""
                            : policy.wireName().substring(0, 1).toUpperCase(Locale.ROOT)
                                    + policy.wireName().substring(1);
                }

                @Override
                public ToolPolicy fromString(String text) {
                    return ToolPolicy.parse(text.toLowerCase(Locale.ROOT));
                }
            });
        }

        @Override
        protected void updateItem(ToolRow row, boolean empty) {
            super.updateItem(row, empty);
            if (bound != null) {
                choice.valueProperty().unbindBidirectional(bound.policyProperty());
                bound = null;
            }
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            bound = row;
            choice.valueProperty().bindBidirectional(row.policyProperty());
            choice.setId("policy-" + row.name());
            setGraphic(choice);
        }
    }

    /** Restart, turn off or on, and remove, for the server of its row. */
    private static final class ServerActionsCell extends TableCell<McpServerInfo, McpServerInfo> {
        private final Button edit = new Button("Edit");
        private final Button restart = new Button("Restart");
        private final Button toggle = new Button();
        private final Button remove = new Button("Remove");
        private final HBox buttons = new HBox(6, edit, restart, toggle, remove);

        ServerActionsCell(ToolsViewModel viewModel) {
            edit.getStyleClass().addAll(Styles.SMALL, "server-edit");
            edit.setOnAction(event -> act(viewModel::edit));
            restart.getStyleClass().addAll(Styles.SMALL, "server-restart");
            toggle.getStyleClass().addAll(Styles.SMALL, "server-toggle");
            remove.getStyleClass().addAll(Styles.SMALL, Styles.DANGER, "server-remove");
            restart.setOnAction(event -> act(viewModel::restart));
            toggle.setOnAction(event -> act(viewModel::toggle));
            remove.setOnAction(event -> act(viewModel::remove));
        }

        private void act(java.util.function.Consumer<McpServerInfo> action) {
            if (getItem() != null) {
                action.accept(getItem());
            }
        }

        @Override
        protected void updateItem(McpServerInfo server, boolean empty) {
            super.updateItem(server, empty);
            if (empty || server == null) {
                setGraphic(null);
                return;
            }
            boolean off = server.status() == McpServerStatus.DISABLED;
            toggle.setText(off ? "Turn on" : "Turn off");
            restart.setDisable(off);
            setGraphic(buttons);
        }
    }

    /** A button that forgets the rule of its row. */
    private static final class RevokeCell extends TableCell<RuleRow, RuleRow> {
        private final Button revoke = new Button("Revoke");

        RevokeCell(ToolsViewModel viewModel) {
            revoke.getStyleClass().addAll(Styles.SMALL, "rule-revoke");
            revoke.setOnAction(event -> {
                if (getItem() != null) {
                    viewModel.revoke(getItem());
                }
            });
        }

        @Override
        protected void updateItem(RuleRow row, boolean empty) {
            super.updateItem(row, empty);
            setGraphic(empty || row == null ? null : revoke);
        }
    }
}
