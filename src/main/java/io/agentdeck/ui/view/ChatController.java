package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.engine.chat.Citation;
import io.agentdeck.ui.viewmodel.ChatBubble;
import io.agentdeck.ui.viewmodel.ChatViewModel;
import io.agentdeck.ui.viewmodel.FindViewModel;
import io.agentdeck.ui.viewmodel.ThreadsViewModel;
import java.net.URI;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.event.EventHandler;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.util.Duration;

/**
 * The chat panel: a thread selector with New (Ctrl+N), Rename and Delete; Enter sends, Shift+Enter starts a new line,
 * Esc stops the reply, Ctrl+F finds in the thread. Scrolling to the top loads older messages.
 */
public final class ChatController {
    private static final KeyCombination NEW_THREAD = new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);

    private final ChatViewModel viewModel;
    private final ThreadsViewModel threads;
    private final FindViewModel find;
    private final BubbleCell.MessageRenderer renderer;
    /** The passage behind a citation chip; Open document goes to the desktop through the link opener. */
    private final SourcePopover sources;
    /** The row to scroll to after the next layout, or -1. */
    private int pendingScroll = -1;
    // Kept as fields so that the same instances can be removed from a scene the chat leaves.
    private final EventHandler<KeyEvent> sceneKeys = this::onSceneKey;
    private final Runnable afterLayout = this::scrollIfPending;

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
    private HBox findBar;

    @FXML
    private TextField findField;

    @FXML
    private Label findStatus;

    @FXML
    private TextArea messageInput;

    @FXML
    private Button sendButton;

    @FXML
    private Button stopButton;

    public ChatController(ChatViewModel viewModel, BubbleCell.MessageRenderer renderer, Consumer<URI> linkOpener) {
        this.viewModel = viewModel;
        this.threads = viewModel.threads();
        this.find = viewModel.find();
        this.renderer = renderer;
        this.sources = new SourcePopover(linkOpener);
    }

    @FXML
    private void initialize() {
        title.textProperty().bind(viewModel.agentNameProperty());
        messageList.setItems(viewModel.messages());
        messageList.setCellFactory(list -> new BubbleCell(
                renderer, viewModel::retry, ChatController::copy, this::showSource, find.currentProperty()));
        viewModel.messages().addListener((ListChangeListener<ChatBubble>) this::followNewMessages);
        messageList.skinProperty().addListener((observable, previous, skin) -> watchScrollTop());
        messageInput.textProperty().bindBidirectional(viewModel.inputTextProperty());
        messageInput.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        sendButton.getStyleClass().add(Styles.ACCENT);
        sendButton.disableProperty().bind(viewModel.canSendProperty().not());
        stopButton.getStyleClass().add(Styles.DANGER);
        stopButton.disableProperty().bind(viewModel.busyProperty().not());
        initializeThreads();
        initializeFind();
    }

    /** Keeps the newest message in view when one arrives or grows; older pages loaded in front do not jump. */
    private void followNewMessages(ListChangeListener.Change<? extends ChatBubble> change) {
        int size = viewModel.messages().size();
        while (change.next()) {
            if (change.getTo() >= size && size > 0) {
                scrollAfterLayout(size - 1);
                return;
            }
        }
    }

    /**
     * The list learns about changed items only in its next layout, and scrolling to a row it does not know yet does
     * nothing; so the scroll waits for the layout pass.
     */
    private void scrollAfterLayout(int index) {
        pendingScroll = index;
        messageList.requestLayout();
    }

    private void scrollIfPending() {
        if (pendingScroll >= 0) {
            int index = Math.min(pendingScroll, viewModel.messages().size() - 1);
            pendingScroll = -1;
            if (index >= 0) {
                messageList.scrollTo(index);
            }
        }
    }

    /**
     * Staying at the top of the list (the flow's position 0) loads the next older page. The list passes through the
     * top for a moment while it refills after a thread switch, so the position must still be there a moment later.
     */
    private void watchScrollTop() {
        if (messageList.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            PauseTransition settle = new PauseTransition(Duration.millis(150));
            settle.setOnFinished(event -> {
                if (flow.getPosition() <= 0 && flow.getCellCount() > 0) {
                    loadOlder();
                }
            });
            flow.positionProperty().addListener((observable, before, position) -> {
                if (position.doubleValue() <= 0 && before.doubleValue() > 0) {
                    settle.playFromStart();
                } else if (position.doubleValue() > 0) {
                    settle.stop();
                }
            });
        }
    }

    private void loadOlder() {
        // Keeps the row the user was looking at on screen: it moves down by the number of rows added in front.
        viewModel.loadOlder(this::scrollAfterLayout);
    }

    private void initializeFind() {
        findBar.visibleProperty().bind(find.openProperty());
        findBar.managedProperty().bind(findBar.visibleProperty());
        findField.textProperty().bindBidirectional(find.queryProperty());
        findStatus.textProperty().bind(find.statusProperty());
        find.currentProperty().addListener((observable, before, index) -> {
            if (index.intValue() >= 0) {
                messageList.scrollTo(index.intValue());
            }
        });
        findField.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ENTER) {
                event.consume();
                if (event.isShiftDown()) {
                    find.previous();
                } else {
                    find.next();
                }
            } else if (event.getCode() == KeyCode.ESCAPE) {
                event.consume();
                closeFind();
            }
        });
    }

    @FXML
    private void findNext() {
        find.next();
    }

    @FXML
    private void findPrevious() {
        find.previous();
    }

    @FXML
    private void closeFind() {
        find.close();
        messageInput.requestFocus();
    }

    private void showSource(Citation citation, Node chip) {
        viewModel.showSource(citation, source -> sources.show(source, chip));
    }

    private static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
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
                previous.removeEventFilter(KeyEvent.KEY_PRESSED, sceneKeys);
            }
            if (previous != null) {
                previous.removePostLayoutPulseListener(afterLayout);
            }
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, sceneKeys);
                scene.addPostLayoutPulseListener(afterLayout);
            }
        });
    }

    private void onSceneKey(KeyEvent event) {
        if (NEW_THREAD.match(event) && shown() && !newThreadButton.isDisabled()) {
            event.consume();
            newThread();
        } else if (FIND.match(event) && shown() && !threadBox.isDisabled()) {
            event.consume();
            find.show();
            findField.requestFocus();
            findField.selectAll();
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
        threads.renameAfterAsking();
    }

    @FXML
    private void deleteThread() {
        threads.deleteAfterConfirming();
    }
}
