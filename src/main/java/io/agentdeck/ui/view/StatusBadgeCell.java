package io.agentdeck.ui.view;

import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.ui.viewmodel.DashboardAgentRow;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.layout.Region;

/** An agent's live status in the dashboard table, as a coloured badge: idle, busy or error. */
final class StatusBadgeCell extends TableCell<DashboardAgentRow, AgentStatus> {
    private final Label badge = new Label();

    StatusBadgeCell() {
        badge.getStyleClass().add("dashboard-status");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    @Override
    protected void updateItem(AgentStatus status, boolean empty) {
        super.updateItem(status, empty);
        if (empty || status == null) {
            setGraphic(null);
            return;
        }
        StatusBadges.show(badge, status);
        setGraphic(badge);
    }
}
