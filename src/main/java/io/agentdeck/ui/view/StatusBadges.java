package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.engine.agent.AgentStatus;
import java.util.List;
import javafx.scene.control.Label;

/** One colour scheme for an agent's status wherever it shows: green idle, amber busy, red error. */
final class StatusBadges {
    private static final List<String> COLOURS = List.of(Styles.SUCCESS, Styles.WARNING, Styles.DANGER);

    private StatusBadges() {}

    /** Puts the status's name and colour on the badge, replacing the previous status's colour. */
    static void show(Label badge, AgentStatus status) {
        badge.setText(status.wireName());
        badge.getStyleClass().removeAll(COLOURS);
        badge.getStyleClass()
                .add(
                        switch (status) {
                            case IDLE -> Styles.SUCCESS;
                            case BUSY -> Styles.WARNING;
                            case ERROR -> Styles.DANGER;
                        });
    }
}
