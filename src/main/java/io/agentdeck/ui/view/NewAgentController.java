package io.agentdeck.ui.view;

import io.agentdeck.ui.viewmodel.NewAgentViewModel;
import io.agentdeck.ui.viewmodel.NewAgentViewModel.Step;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;

/** The new-agent dialog's content: the request form, then the Creator's design as a read-only preview. */
public final class NewAgentController {
    private final NewAgentViewModel viewModel;

    @FXML
    private Node form;

    @FXML
    private TextField roleField;

    @FXML
    private TextField capabilitiesField;

    @FXML
    private TextArea reasonField;

    @FXML
    private Node preview;

    @FXML
    private Label previewName;

    @FXML
    private Label previewRole;

    @FXML
    private Label previewCapabilities;

    @FXML
    private Label previewTools;

    @FXML
    private TextArea previewPrompt;

    @FXML
    private Label errorLabel;

    @FXML
    private Node busyIndicator;

    @FXML
    private Node busyLabel;

    @FXML
    private Button discardButton;

    @FXML
    private Button designButton;

    @FXML
    private Button createButton;

    public NewAgentController(NewAgentViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        roleField.textProperty().bindBidirectional(viewModel.roleProperty());
        capabilitiesField.textProperty().bindBidirectional(viewModel.capabilitiesProperty());
        reasonField.textProperty().bindBidirectional(viewModel.reasonProperty());
        previewName.textProperty().bind(viewModel.previewNameProperty());
        previewRole.textProperty().bind(viewModel.previewRoleProperty());
        previewCapabilities
                .textProperty()
                .bind(Bindings.concat("Capabilities: ", viewModel.previewCapabilitiesProperty()));
        previewTools.textProperty().bind(Bindings.concat("Tools: ", viewModel.previewToolsProperty()));
        previewPrompt.textProperty().bind(viewModel.previewSystemPromptProperty());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        showWhen(errorLabel, viewModel.errorProperty().isNotEmpty());
        showWhen(busyIndicator, viewModel.busyProperty());
        showWhen(busyLabel, viewModel.busyProperty());
        BooleanBinding inForm = viewModel.stepProperty().isEqualTo(Step.FORM);
        BooleanBinding inPreview = viewModel.stepProperty().isEqualTo(Step.PREVIEW);
        showWhen(form, inForm);
        showWhen(designButton, inForm);
        showWhen(preview, inPreview);
        showWhen(createButton, inPreview);
        // One default button at a time: Enter designs in the form and creates in the preview.
        designButton.defaultButtonProperty().bind(inForm);
        createButton.defaultButtonProperty().bind(inPreview);
        form.disableProperty().bind(viewModel.busyProperty());
        designButton
                .disableProperty()
                .bind(viewModel.busyProperty().or(viewModel.roleProperty().isEmpty()));
        createButton.disableProperty().bind(viewModel.busyProperty());
    }

    private static void showWhen(Node node, ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }

    @FXML
    private void design() {
        viewModel.design();
    }

    @FXML
    private void create() {
        viewModel.create();
    }

    @FXML
    private void discard() {
        viewModel.discard();
    }
}
