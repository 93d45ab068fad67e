package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.ui.viewmodel.ChatBubble;
import io.agentdeck.ui.viewmodel.ChatViewModel;
import io.agentdeck.ui.viewmodel.ThreadsViewModel;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Window;

/**
 * The chat panel: a thread selector with New (Ctrl+N), Rename and Delete; Enter sends, Shift+Enter starts a new line,
 * Esc stops the reply.
 */
public final class ChatController {
    private static final KeyCombination NEW_THREAD = new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN);

    private final ChatViewModel viewModel;
    private final ThreadsViewModel threads;

    @FXML
    private ComboBox<ThreadsViewModel.Item> threadBox;

    @FXML
    private Button newThreadButton;

    @FXML
    private Button renameThreadButton;

    @FXML
    private Button deleteThreadButton;

    @FXML
    private Label threadError;

    @FXML
    private Label title;

    @FXML
    private ListView<ChatBubble> messageList;

    @FXML
    private TextArea messageInput;

    @FXML
    private Button sendButton;

    @FXML
    private Button stopButton;

    public ChatController(ChatViewModel viewModel) {
        this.viewModel = viewModel;
        this.threads = viewModel.threads();
    }

    @FXML
    private void initialize() {
        title.textProperty().bind(viewModel.agentNameProperty());
        messageList.setItems(viewModel.messages());
        messageList.setCellFactory(list -> new BubbleCell());
        viewModel.messages().addListener((ListChangeListener<ChatBubble>) change -> {
            if (!viewModel.messages().isEmpty()) {
                messageList.scrollTo(viewModel.messages().size() - 1);
            }
        });
        messageInput.textProperty().bindBidirectional(viewModel.inputTextProperty());
        messageInput.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        sendButton.getStyleClass().add(Styles.ACCENT);
        sendButton.disableProperty().bind(viewModel.canSendProperty().not());
        stopButton.getStyleClass().add(Styles.DANGER);
        stopButton.disableProperty().bind(viewModel.busyProperty().not());
        initializeThreads();
    }

    private void initializeThreads() {
        threadBox.setItems(threads.threads());
        threadBox.valueProperty().bindBidirectional(threads.selectedThreadProperty());
        threadBox.disableProperty().bind(threads.openProperty().not());
        newThreadButton.disableProperty().bind(threads.openProperty().not());
        renameThreadButton.disableProperty().bind(threads.canEditProperty().not());
        deleteThreadButton.disableProperty().bind(threads.canDeleteProperty().not());
        threadError.textProperty().bind(threads.errorProperty());
        threadError.visibleProperty().bind(threads.errorProperty().isNotEmpty());
        threadError.managedProperty().bind(threadError.visibleProperty());
        messageInput.sceneProperty().addListener((observable, previous, scene) -> {
            if (previous != null) {
                previous.removeEventFilter(KeyEvent.KEY_PRESSED, this::onSceneKey);
            }
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onSceneKey);
            }
        });
    }

    private void onSceneKey(KeyEvent event) {
        if (NEW_THREAD.match(event) && shown() && !newThreadButton.isDisabled()) {
            event.consume();
            newThread();
        }
    }

    /** Whether the chat is on screen: it and all its parents are visible. */
    private boolean shown() {
        for (Node node = threadBox; node != null; node = node.getParent()) {
            if (!node.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private void onKey(KeyEvent event) {
        if (event.getCode() == KeyCode.ENTER) {
            event.consume();
            if (event.isShiftDown()) {
                messageInput.replaceSelection("\n");
            } else {
                viewModel.send();
            }
        } else if (event.getCode() == KeyCode.ESCAPE) {
            event.consume();
            viewModel.stop();
        }
    }

    @FXML
    private void send() {
        viewModel.send();
        messageInput.requestFocus();
    }

    @FXML
    private void stop() {
        viewModel.stop();
    }

    @FXML
    private void newThread() {
        threads.create();
        messageInput.requestFocus();
    }

    @FXML
    private void renameThread() {
        ThreadsViewModel.Item thread = threads.selectedThreadProperty().get();
        if (thread == null) {
            return;
        }
        TextInputDialog dialog = new TextInputDialog(thread.title());
        dialog.initOwner(owner());
        dialog.setTitle("Rename thread");
        dialog.setHeaderText(null);
        dialog.setContentText("Title:");
        dialog.showAndWait().ifPresent(threads::rename);
    }

    @FXML
    private void deleteThread() {
        ThreadsViewModel.Item thread = threads.selectedThreadProperty().get();
        if (thread == null || thread.isDefault()) {
            return;
        }
        Alert confirm = new Alert(
                Alert.AlertType.CONFIRMATION,
                "Delete the thread \"" + thread.title() + "\" and its messages?",
                ButtonType.OK,
                ButtonType.CANCEL);
        confirm.initOwner(owner());
        confirm.setHeaderText(null);
        confirm.showAndWait().filter(ButtonType.OK::equals).ifPresent(ok -> threads.delete());
    }

    private Window owner() {
        Scene scene = messageInput.getScene();
        return scene == null ? null : scene.getWindow();
    }
}
