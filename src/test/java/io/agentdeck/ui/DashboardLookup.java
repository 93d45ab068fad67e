package io.agentdeck.ui;

import io.agentdeck.ui.viewmodel.DashboardAgentRow;
import java.util.Optional;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import org.testfx.api.FxRobot;

/** What the dashboard's agents table shows on screen. */
final class DashboardLookup {
    private DashboardLookup() {}

    /** The status badge in the agent's row ("idle", "busy", …), once the row is drawn. */
    @SuppressWarnings("unchecked")
    static Optional<String> statusOf(FxRobot robot, String agentName) {
        return robot.lookup("#agentTable .table-row-cell").queryAllAs(TableRow.class).stream()
                .map(row -> (TableRow<DashboardAgentRow>) row)
                // The FX thread may empty a row meanwhile: its item is read once.
                .filter(row -> {
                    DashboardAgentRow item = row.getItem();
                    return item != null && item.name().equals(agentName);
                })
                .findFirst()
                .flatMap(row -> row.lookupAll(".dashboard-status").stream().findFirst())
                .map(badge -> ((Label) badge).getText());
    }
}
