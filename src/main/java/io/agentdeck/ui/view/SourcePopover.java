package io.agentdeck.ui.view;

import atlantafx.base.controls.Popover;
import atlantafx.base.theme.Styles;
import io.agentdeck.ui.viewmodel.SourcePreview;
import java.net.URI;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The passage behind a citation, next to its chip: the document, where in it, the passage (selectable, never
 * rendered) and Open document, which hands the file to the desktop through the link opener. A document that is gone
 * shows why instead of the button.
 */
final class SourcePopover {
    private final Consumer<URI> opener;
    private Popover shown;

    SourcePopover(Consumer<URI> opener) {
        this.opener = opener;
    }

    void show(SourcePreview source, Node anchor) {
        hide();
        if (anchor.getScene() == null || anchor.getScene().getWindow() == null) {
            return; // The chip left the screen (its row was reused) while the document was looked up.
        }
        Label document = new Label(source.document());
        document.getStyleClass().addAll("source-document", Styles.TEXT_BOLD);
        document.setId("sourceDocument");
        Label location = new Label(source.location());
        location.getStyleClass().addAll("source-location", "text-muted", "text-small");
        location.setVisible(!source.location().isEmpty());
        location.setManaged(location.isVisible());

        TextArea passage = new TextArea(source.passage());
        passage.setId("sourcePassage");
        passage.setEditable(false);
        passage.setWrapText(true);
        passage.setPrefColumnCount(48);
        passage.setPrefRowCount(8);
        passage.getStyleClass().add("source-passage");

        Label notice = new Label(source.notice().orElse(""));
        notice.setId("sourceNotice");
        notice.setWrapText(true);
        notice.setMinHeight(Region.USE_PREF_SIZE);
        notice.getStyleClass().addAll("source-notice", Styles.WARNING);
        notice.setVisible(source.notice().isPresent());
        notice.setManaged(notice.isVisible());

        Button open = new Button("Open document");
        open.setId("openSourceButton");
        open.getStyleClass().add(Styles.SMALL);
        open.setOnAction(event -> source.file().ifPresent(file -> {
            hide();
            opener.accept(file);
        }));
        Region space = new Region();
        HBox.setHgrow(space, Priority.ALWAYS);
        HBox actions = new HBox(8, space, open);
        actions.setVisible(source.file().isPresent());
        actions.setManaged(actions.isVisible());
        open.setVisible(source.file().isPresent());
        open.setManaged(open.isVisible());

        VBox content = new VBox(6, document, location, passage, notice, actions);
        content.getStyleClass().add("source-popover");
        content.setPrefWidth(460);

        Popover popover = new Popover(content);
        popover.setTitle("Source [" + source.n() + "]");
        popover.setHeaderAlwaysVisible(true);
        popover.setDetachable(false);
        popover.setAnimated(false);
        popover.setArrowLocation(Popover.ArrowLocation.BOTTOM_CENTER);
        shown = popover;
        popover.show(anchor);
    }

    void hide() {
        if (shown != null) {
            shown.hide();
            shown = null;
        }
    }
}
