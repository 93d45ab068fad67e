package io.agentdeck.ui.view;

import atlantafx.base.theme.Styles;
import io.agentdeck.engine.knowledge.DocumentStatus;
import io.agentdeck.engine.knowledge.KnowledgeCollection;
import io.agentdeck.ui.viewmodel.KnowledgeDocumentRow;
import io.agentdeck.ui.viewmodel.KnowledgeViewModel;
import io.agentdeck.ui.viewmodel.KnowledgeViewModel.SearchHit;
import java.io.File;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The Knowledge page: collections on the left, the selected one's documents, a drop target, and search. */
public final class KnowledgeController {
    private final KnowledgeViewModel viewModel;

    @FXML
    private Label knowledgeError;

    @FXML
    private ListView<KnowledgeCollection> collectionList;

    @FXML
    private TextField newCollectionName;

    @FXML
    private Button createCollectionButton;

    @FXML
    private Button deleteCollectionButton;

    @FXML
    private Label collectionTitle;

    @FXML
    private Button addFilesButton;

    @FXML
    private Button addFolderButton;

    @FXML
    private Button deleteDocumentButton;

    @FXML
    private TableView<KnowledgeDocumentRow> documentTable;

    @FXML
    private TableColumn<KnowledgeDocumentRow, String> nameColumn;

    @FXML
    private TableColumn<KnowledgeDocumentRow, KnowledgeDocumentRow> statusColumn;

    @FXML
    private TableColumn<KnowledgeDocumentRow, String> sizeColumn;

    @FXML
    private TableColumn<KnowledgeDocumentRow, Number> passagesColumn;

    @FXML
    private TextField searchField;

    @FXML
    private Label searchStatus;

    @FXML
    private ListView<SearchHit> resultList;

    public KnowledgeController(KnowledgeViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        knowledgeError.textProperty().bind(viewModel.errorProperty());
        knowledgeError.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        knowledgeError.managedProperty().bind(knowledgeError.visibleProperty());
        initializeCollections();
        initializeDocuments();
        searchField.textProperty().bindBidirectional(viewModel.queryProperty());
        searchField.setOnAction(event -> viewModel.search());
        searchStatus.textProperty().bind(viewModel.searchStatusProperty());
        resultList.setItems(viewModel.results());
        resultList.setCellFactory(list -> new ResultCell());
        resultList.setPlaceholder(new Label("Search results appear here."));
    }

    private void initializeCollections() {
        collectionList.setItems(viewModel.collections());
        collectionList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(KnowledgeCollection collection, boolean empty) {
                super.updateItem(collection, empty);
                setText(empty || collection == null ? null : collection.name());
            }
        });
        collectionList.getSelectionModel().selectedItemProperty().addListener((observable, previous, chosen) -> {
            if (chosen != null) {
                viewModel.selectedCollectionProperty().set(chosen);
            }
        });
        viewModel.selectedCollectionProperty().addListener((observable, previous, chosen) -> {
            if (chosen != collectionList.getSelectionModel().getSelectedItem()) {
                collectionList.getSelectionModel().select(chosen);
            }
        });
        newCollectionName.textProperty().bindBidirectional(viewModel.newCollectionNameProperty());
        newCollectionName.setOnAction(event -> viewModel.createCollection());
        createCollectionButton
                .disableProperty()
                .bind(viewModel.canCreateCollectionProperty().not());
        deleteCollectionButton.getStyleClass().add(Styles.DANGER);
        deleteCollectionButton
                .disableProperty()
                .bind(viewModel.canDeleteCollectionProperty().not());
        collectionTitle
                .textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> Optional.ofNullable(
                                        viewModel.selectedCollectionProperty().get())
                                .map(KnowledgeCollection::name)
                                .orElse(""),
                        viewModel.selectedCollectionProperty()));
    }

    private void initializeDocuments() {
        documentTable.setItems(viewModel.documents());
        documentTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        nameColumn.setCellValueFactory(
                cell -> new ReadOnlyObjectWrapper<>(cell.getValue().name()));
        statusColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        statusColumn.setCellFactory(column -> new StatusCell());
        sizeColumn.setCellValueFactory(
                cell -> new ReadOnlyObjectWrapper<>(cell.getValue().sizeText()));
        passagesColumn.setCellValueFactory(
                cell -> new ReadOnlyObjectWrapper<>(cell.getValue().passages()));
        addFilesButton.getStyleClass().add(Styles.ACCENT);
        addFilesButton
                .disableProperty()
                .bind(viewModel.selectedCollectionProperty().isNull().or(viewModel.addingProperty()));
        addFolderButton.disableProperty().bind(addFilesButton.disableProperty());
        deleteDocumentButton
                .disableProperty()
                .bind(documentTable.getSelectionModel().selectedItemProperty().isNull());
        documentTable.setOnDragOver(this::onDragOver);
        documentTable.setOnDragDropped(this::onDragDropped);
    }

    private void onDragOver(DragEvent event) {
        if (event.getDragboard().hasFiles()
                && viewModel.selectedCollectionProperty().get() != null) {
            event.acceptTransferModes(TransferMode.COPY);
        }
        event.consume();
    }

    private void onDragDropped(DragEvent event) {
        boolean accepted = event.getDragboard().hasFiles();
        if (accepted) {
            viewModel.addPaths(
                    event.getDragboard().getFiles().stream().map(File::toPath).toList());
        }
        event.setDropCompleted(accepted);
        event.consume();
    }

    @FXML
    private void createCollection() {
        viewModel.createCollection();
    }

    @FXML
    private void deleteCollection() {
        viewModel.deleteSelectedCollection();
    }

    @FXML
    private void addFiles() {
        viewModel.addFiles();
    }

    @FXML
    private void addFolder() {
        viewModel.addFolder();
    }

    @FXML
    private void deleteDocument() {
        viewModel.deleteDocument(documentTable.getSelectionModel().getSelectedItem());
    }

    @FXML
    private void search() {
        viewModel.search();
    }

    /** The status as a badge, with a progress bar while the document is indexed and the reason when it failed. */
    private static final class StatusCell extends TableCell<KnowledgeDocumentRow, KnowledgeDocumentRow> {
        private final Label badge = new Label();
        private final ProgressBar progress = new ProgressBar();
        private final HBox box = new HBox(8, badge, progress);

        StatusCell() {
            badge.getStyleClass().addAll("status-badge", "document-status");
            progress.setPrefWidth(80);
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(KnowledgeDocumentRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            badge.setText(row.statusText());
            badge.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER, Styles.ACCENT);
            switch (row.status()) {
                case READY -> badge.getStyleClass().add(Styles.SUCCESS);
                case FAILED -> badge.getStyleClass().add(Styles.DANGER);
                case INDEXING -> badge.getStyleClass().add(Styles.ACCENT);
                case QUEUED -> {}
            }
            boolean working = row.status() == DocumentStatus.INDEXING || row.status() == DocumentStatus.QUEUED;
            progress.setVisible(working);
            progress.setManaged(working);
            progress.setProgress(row.progress() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : row.progress());
            setTooltip(row.error().isEmpty() ? null : new Tooltip(row.error()));
            setGraphic(row.error().isEmpty() ? box : new VBox(2, box, errorLabel(row.error())));
        }

        private static Label errorLabel(String error) {
            Label label = new Label(error);
            label.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL, "document-error");
            // One line (the tooltip has it all): a wrapped reason would make its row as tall as the table.
            label.setMaxWidth(Double.MAX_VALUE);
            label.setMinWidth(0);
            label.setPrefWidth(0);
            return label;
        }
    }

    /** A hit: the document and where in it, then the passage's first lines. */
    private static final class ResultCell extends ListCell<SearchHit> {
        @Override
        protected void updateItem(SearchHit hit, boolean empty) {
            super.updateItem(hit, empty);
            if (empty || hit == null) {
                setGraphic(null);
                return;
            }
            Label source = new Label(hit.document() + (hit.location().isEmpty() ? "" : " · " + hit.location()));
            source.getStyleClass().addAll(Styles.TEXT_BOLD, "search-hit-source");
            Label passage = new Label(hit.passage());
            passage.setWrapText(true);
            passage.setMaxHeight(60);
            passage.getStyleClass().add("search-hit-passage");
            VBox box = new VBox(2, source, passage);
            box.setMaxWidth(getListView() == null ? 600 : getListView().getWidth() - 30);
            setGraphic(box);
        }
    }
}
