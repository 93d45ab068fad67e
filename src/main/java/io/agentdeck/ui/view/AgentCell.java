package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.ui.viewmodel.AgentItemViewModel;
import java.util.function.Consumer;
import javafx.beans.InvalidationListener;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** An agent in the sidebar: name, role, a status badge and the number of unread replies. */
public final class AgentCell extends ListCell<AgentItemViewModel> {
    private final Label name = new Label();
    private final Label role = new Label();
    private final Label badge = new Label();
    private final Label unread = new Label();
    private final HBox row;
    private final InvalidationListener refresh = observable -> render();
    private final ContextMenu menu = new ContextMenu();
    private AgentItemViewModel shown;

    public AgentCell() {
        this(agent -> {});
    }

    /** @param onDelete asked to delete a dynamic agent ("Delete agent…" in the context menu; core agents have none) */
    public AgentCell(Consumer<AgentItemViewModel> onDelete) {
        MenuItem delete = new MenuItem("Delete agent…");
        delete.getStyleClass().add("delete-agent");
        delete.setOnAction(event -> {
            if (shown != null && shown.deletable()) {
                onDelete.accept(shown);
            }
        });
        menu.getItems().add(delete);
        getStyleClass().add("agent-cell");
        name.getStyleClass().addAll("agent-name", Styles.TEXT_BOLD);
        role.getStyleClass().addAll("agent-role", Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        role.setWrapText(true);
        badge.getStyleClass().add("status-badge");
        // The role text shrinks first; badges always show their whole word.
        badge.setMinWidth(Region.USE_PREF_SIZE);
        unread.setMinWidth(Region.USE_PREF_SIZE);
        unread.getStyleClass().addAll("unread-badge", Styles.ACCENT);
        VBox text = new VBox(2, name, role);
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        Region spacer = new Region();
        row = new HBox(8, text, spacer, unread, badge);
        row.setAlignment(Pos.CENTER_LEFT);
        row.setMaxWidth(Double.MAX_VALUE);
        setPrefWidth(0);
    }

    /** The agent this cell shows, or null. */
    public AgentItemViewModel agent() {
        return getItem();
    }

    /** The badge's text: the agent's live status. */
    public String statusText() {
        return badge.getText();
    }

    @Override
    protected void updateItem(AgentItemViewModel item, boolean empty) {
        super.updateItem(item, empty);
        if (shown != null) {
            shown.statusProperty().removeListener(refresh);
            shown.unreadProperty().removeListener(refresh);
        }
        shown = empty ? null : item;
        if (shown != null) {
            shown.statusProperty().addListener(refresh);
            shown.unreadProperty().addListener(refresh);
        }
        setText(null);
        setGraphic(shown == null ? null : row);
        setContextMenu(shown != null && shown.deletable() ? menu : null);
        render();
    }

    private void render() {
        if (shown == null) {
            return;
        }
        name.setText(shown.name());
        role.setText(shown.roleProperty().get());
        StatusBadges.show(badge, shown.status());
        unread.setText(Integer.toString(shown.unread()));
        unread.setVisible(shown.unread() > 0);
        unread.setManaged(shown.unread() > 0);
    }
}
