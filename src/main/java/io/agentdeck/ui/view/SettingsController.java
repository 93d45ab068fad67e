package io.agentdeck.ui.view;

import io.agentdeck.config.UiSettings;
import io.agentdeck.ui.viewmodel.SettingsViewModel;
import io.agentdeck.ui.viewmodel.SettingsViewModel.Provider;
import java.util.Locale;
import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.util.StringConverter;

/** The Settings page: binds the fields to the ViewModel and asks before the API token is replaced. */
public final class SettingsController {
    private final SettingsViewModel viewModel;

    @FXML
    private ChoiceBox<Provider> providerChoice;

    @FXML
    private TextField baseUrlField;

    @FXML
    private PasswordField apiKeyField;

    @FXML
    private Button removeKeyButton;

    @FXML
    private Label keyStorage;

    @FXML
    private Label overridesNote;

    @FXML
    private TextField modelField;

    @FXML
    private TextField maxParallelField;

    @FXML
    private Button testConnectionButton;

    @FXML
    private Node testingIndicator;

    @FXML
    private Label connectionResult;

    @FXML
    private TextField portField;

    @FXML
    private TextField bindField;

    @FXML
    private CheckBox authToggle;

    @FXML
    private Button regenerateTokenButton;

    @FXML
    private ChoiceBox<String> themeChoice;

    @FXML
    private Label validationLabel;

    @FXML
    private Label settingsMessage;

    @FXML
    private Button saveButton;

    public SettingsController(SettingsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        providerChoice.getItems().setAll(Provider.values());
        providerChoice.valueProperty().bindBidirectional(viewModel.providerProperty());
        baseUrlField.textProperty().bindBidirectional(viewModel.baseUrlProperty());
        apiKeyField.textProperty().bindBidirectional(viewModel.apiKeyProperty());
        apiKeyField.promptTextProperty().bind(viewModel.savedKeyHintProperty());
        keyStorage.textProperty().bind(viewModel.keyStorageProperty());
        overridesNote.textProperty().bind(viewModel.overridesProperty());
        showWhen(overridesNote, viewModel.overridesProperty().isNotEmpty());
        modelField.textProperty().bindBidirectional(viewModel.modelNameProperty());
        maxParallelField.textProperty().bindBidirectional(viewModel.maxParallelProperty());
        portField.textProperty().bindBidirectional(viewModel.portProperty());
        bindField.textProperty().bindBidirectional(viewModel.bindAddressProperty());
        authToggle.selectedProperty().bindBidirectional(viewModel.authEnabledProperty());
        themeChoice.getItems().setAll(UiSettings.THEME_LIGHT, UiSettings.THEME_DARK);
        themeChoice.setConverter(new ThemeNames());
        themeChoice.valueProperty().bindBidirectional(viewModel.themeProperty());

        var noProvider = viewModel.providerProperty().isEqualTo(Provider.NONE);
        var noServer = noProvider.or(viewModel.providerProperty().isEqualTo(Provider.LOCAL));
        baseUrlField.disableProperty().bind(noServer);
        apiKeyField.disableProperty().bind(noServer);
        modelField.disableProperty().bind(noProvider);
        maxParallelField.disableProperty().bind(noProvider);
        removeKeyButton
                .disableProperty()
                .bind(noServer.or(viewModel.keySavedProperty().not()));
        testConnectionButton.disableProperty().bind(noServer.or(viewModel.testingProperty()));
        showWhen(testingIndicator, viewModel.testingProperty());

        connectionResult.textProperty().bind(viewModel.connectionResultProperty());
        viewModel.connectionOkProperty().addListener((observable, was, ok) -> mark(connectionResult, ok));
        viewModel.testingProperty().addListener((observable, was, busy) -> {
            if (busy) {
                connectionResult.getStyleClass().removeAll("success", "danger");
            }
        });

        validationLabel.textProperty().bind(viewModel.validationErrorProperty());
        showWhen(validationLabel, viewModel.validationErrorProperty().isNotEmpty());
        settingsMessage.textProperty().bind(viewModel.messageProperty());
        viewModel.messageIsErrorProperty().addListener((observable, was, error) -> mark(settingsMessage, !error));
        mark(settingsMessage, !viewModel.messageIsErrorProperty().get());
        saveButton.disableProperty().bind(viewModel.savingProperty());
    }

    private static void mark(Label label, boolean good) {
        label.getStyleClass().removeAll("success", "danger");
        label.getStyleClass().add(good ? "success" : "danger");
    }

    private static void showWhen(Node node, ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }

    @FXML
    private void removeKey() {
        viewModel.removeKey();
    }

    @FXML
    private void testConnection() {
        viewModel.testConnection();
    }

    @FXML
    private void regenerateToken() {
        Alert confirm = new Alert(
                Alert.AlertType.CONFIRMATION,
                "Programs using the current API token will be refused until they get the new one.",
                ButtonType.CANCEL,
                ButtonType.OK);
        confirm.setHeaderText("Replace the API token?");
        confirm.initOwner(regenerateTokenButton.getScene().getWindow());
        confirm.showAndWait().filter(ButtonType.OK::equals).ifPresent(ok -> viewModel.regenerateToken());
    }

    @FXML
    private void save() {
        viewModel.save();
    }

    /** "light" → "Light"; the ViewModel keeps the names the settings file uses. */
    private static final class ThemeNames extends StringConverter<String> {
        @Override
        public String toString(String theme) {
            return theme == null || theme.isEmpty()
                    ? ""
                    : theme.substring(0, 1).toUpperCase(Locale.ROOT) + theme.substring(1);
        }

        @Override
        public String fromString(String label) {
            return label == null ? null : label.toLowerCase(Locale.ROOT);
        }
    }
}
