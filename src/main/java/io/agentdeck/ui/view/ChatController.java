package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.ui.viewmodel.ChatBubble;
import io.agentdeck.ui.viewmodel.ChatViewModel;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/** The chat panel: Enter sends, Shift+Enter starts a new line, Esc stops the reply. */
public final class ChatController {
    private final ChatViewModel viewModel;

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
}
