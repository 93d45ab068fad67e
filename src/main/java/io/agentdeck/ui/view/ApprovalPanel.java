package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.engine.approval.Approval;
import io.agentdeck.ui.viewmodel.ApprovalsViewModel;
import io.agentdeck.ui.viewmodel.ApprovalsViewModel.Choice;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The approval dialog, over whichever page is open: it dims the window and shows the agent, the tool and the full
 * arguments of the call that waits, with the four answers. Put {@link #node()} last in the window's {@code StackPane}.
 * It shows while any call waits and goes away when the last one is answered, here or elsewhere.
 */
public final class ApprovalPanel {
    private final ApprovalsViewModel approvals;
    private final StackPane overlay = new StackPane();
    private final Label title = new Label();
    private final Label more = new Label();
    private final TextArea arguments = new TextArea();

    public ApprovalPanel(ApprovalsViewModel approvals) {
        this.approvals = approvals;
        title.getStyleClass().add(Styles.TITLE_3);
        title.setWrapText(true);
        title.setId("approvalTitle");
        Label explanation =
                new Label("The agent waits for your answer. Check the arguments: this is exactly what will" + " run.");
        explanation.setWrapText(true);
        explanation.getStyleClass().add(Styles.TEXT_MUTED);
        arguments.setEditable(false);
        arguments.setWrapText(true);
        arguments.setPrefRowCount(8);
        arguments.setId("approvalArguments");
        arguments.getStyleClass().add("approval-arguments");
        TextField reason = new TextField();
        reason.setId("approvalReason");
        reason.setPromptText("Reason (optional; the agent reads it when you deny)");
        reason.textProperty().bindBidirectional(approvals.reasonProperty());
        Label error = new Label();
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.textProperty().bind(approvals.errorProperty());
        error.visibleProperty().bind(approvals.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        more.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        Button allowOnce = button("Allow once", "approvalAllowOnce", Choice.ALLOW_ONCE, Styles.ACCENT);
        allowOnce.setDefaultButton(false);
        Button alwaysAgent = button("Always for this agent", "approvalAlwaysAgent", Choice.ALWAYS_FOR_AGENT, null);
        Button always = button("Always", "approvalAlways", Choice.ALWAYS, null);
        Button deny = button("Deny", "approvalDeny", Choice.DENY, Styles.DANGER);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, deny, gap, always, alwaysAgent, allowOnce);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox card = new VBox(10, title, explanation, arguments, reason, error, buttons, more);
        card.getStyleClass().add("approval-card");
        card.setPadding(new Insets(20));
        card.setMaxSize(640, Region.USE_PREF_SIZE);
        overlay.getChildren().add(card);
        overlay.getStyleClass().add("approval-overlay");
        overlay.setId("approvalPanel");
        StackPane.setAlignment(card, Pos.CENTER);

        overlay.visibleProperty().bind(approvals.showingProperty());
        overlay.managedProperty().bind(overlay.visibleProperty());
        approvals.currentProperty().addListener((observable, previous, shown) -> show(shown));
        approvals.pending().addListener((javafx.collections.ListChangeListener<Approval>)
                change -> more.setText(approvals.moreWaiting()));
        show(approvals.currentProperty().get());
    }

    private Button button(String text, String id, Choice choice, String style) {
        Button button = new Button(text);
        button.setId(id);
        if (style != null) {
            button.getStyleClass().add(style);
        }
        button.disableProperty().bind(approvals.decidingProperty());
        button.setOnAction(event -> approvals.decide(choice));
        return button;
    }

    private void show(Approval approval) {
        if (approval == null) {
            return;
        }
        title.setText(approvals.title(approval));
        arguments.setText(ApprovalsViewModel.arguments(approval));
        more.setText(approvals.moreWaiting());
    }

    public Node node() {
        return overlay;
    }
}
