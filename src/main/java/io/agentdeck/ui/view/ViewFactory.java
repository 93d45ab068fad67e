package io.agentdeck.ui.view;

import io.agentdeck.ui.view.markdown.MarkdownRenderer;
import io.agentdeck.ui.viewmodel.DashboardViewModel;
import io.agentdeck.ui.viewmodel.KnowledgeViewModel;
import io.agentdeck.ui.viewmodel.ModelsViewModel;
import io.agentdeck.ui.viewmodel.NewAgentViewModel;
import io.agentdeck.ui.viewmodel.SettingsViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import io.agentdeck.ui.viewmodel.TasksViewModel;
import io.agentdeck.ui.viewmodel.ToolsViewModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the FXML views with a controller factory that hands each controller its ViewModel through the constructor;
 * included views (fx:include) go through the same factory.
 */
public final class ViewFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ViewFactory.class);

    private final Map<Class<?>, Supplier<Object>> controllers;
    private final Optional<BackendPages> backendPages;
    private final MarkdownRenderer markdown;

    /**
     * For the main window: the shell, the pages that need more than the engine, and what opens a link from an
     * answer (the desktop's browser).
     */
    public ViewFactory(ShellViewModel shell, BackendPages backendPages, Consumer<URI> linkOpener) {
        this(shell, Optional.of(backendPages), linkOpener);
    }

    /** The pages whose ViewModels need the whole application, not just the engine. */
    public record BackendPages(DashboardViewModel dashboard, SettingsViewModel settings) {}

    /** For tests that show a single page or dialog; links in answers are not followed. */
    public ViewFactory(ShellViewModel shell) {
        this(shell, Optional.empty(), uri -> LOG.info("Not opening {} outside the desktop app", uri));
    }

    private ViewFactory(ShellViewModel shell, Optional<BackendPages> backendPages, Consumer<URI> linkOpener) {
        this.backendPages = backendPages;
        this.markdown = new MarkdownRenderer(linkOpener);
        BubbleCell.MessageRenderer renderer = BubbleCell.MessageRenderer.markdownForAgents(markdown);
        this.controllers = Map.of(
                ShellController.class, () -> new ShellController(shell, this),
                ChatController.class, () -> new ChatController(shell.chat(), renderer, linkOpener));
    }

    /** Loads the page shown for {@code page} (not the chat, which is part of the shell) and starts its ViewModel. */
    Parent loadPage(ShellViewModel shell, ShellViewModel.Page page) {
        return switch (page) {
            // Loading and polling start when the page is first shown (pageShown), not with the window.
            case DASHBOARD -> loadDashboard(backend().dashboard());
            case TASKS -> loadTasks(shell.tasks());
            case TOOLS -> loadTools(shell.tools());
            case KNOWLEDGE -> loadKnowledge(shell.knowledge());
            case MODELS -> loadModels(shell.models());
            case SETTINGS -> {
                backend().settings().load();
                yield loadSettings(backend().settings());
            }
            case CHAT -> throw new IllegalArgumentException("The chat is part of the shell, not a page of its own");
        };
    }

    /**
     * Tells the pages which one is on screen now: the dashboard polls only while shown. Pages that were never opened
     * are not started by this.
     */
    void pageShown(ShellViewModel.Page shown, boolean dashboardLoaded) {
        if (backendPages.isEmpty() || !dashboardLoaded) {
            return;
        }
        if (shown == ShellViewModel.Page.DASHBOARD) {
            backend().dashboard().activate();
        } else {
            backend().dashboard().deactivate();
        }
    }

    private BackendPages backend() {
        return backendPages.orElseThrow(
                () -> new IllegalStateException("This view factory was made for single pages, not the main window"));
    }

    /** Loads the main window's content. */
    public Parent loadShell() {
        return load("/io/agentdeck/ui/ShellView.fxml");
    }

    /** Loads the new-agent dialog's content around the given ViewModel. */
    public Parent loadNewAgent(NewAgentViewModel newAgent) {
        return load(
                "/io/agentdeck/ui/NewAgentView.fxml",
                type -> type == NewAgentController.class ? new NewAgentController(newAgent) : controller(type));
    }

    /** Loads the Tasks page around the given ViewModel. */
    public Parent loadTasks(TasksViewModel tasks) {
        return load(
                "/io/agentdeck/ui/TasksView.fxml",
                type -> type == TasksController.class ? new TasksController(tasks, markdown) : controller(type));
    }

    /** Loads the Knowledge page around the given ViewModel; it reads the collections each time it is shown. */
    public Parent loadKnowledge(KnowledgeViewModel knowledge) {
        return load(
                "/io/agentdeck/ui/KnowledgeView.fxml",
                type -> type == KnowledgeController.class ? new KnowledgeController(knowledge) : controller(type));
    }

    /** Loads the Models page around the given ViewModel; it reads the models folder each time it is shown. */
    public Parent loadModels(ModelsViewModel models) {
        return load(
                "/io/agentdeck/ui/ModelsView.fxml",
                type -> type == ModelsController.class ? new ModelsController(models) : controller(type));
    }

    /** Loads the Tools page around the given ViewModel; it reads the tools each time it is shown. */
    public Parent loadTools(ToolsViewModel tools) {
        return load(
                "/io/agentdeck/ui/ToolsView.fxml",
                type -> type == ToolsController.class ? new ToolsController(tools) : controller(type));
    }

    /** Loads the dashboard page around the given ViewModel; its owner calls {@code activate()} and {@code close()}. */
    public Parent loadDashboard(DashboardViewModel dashboard) {
        return load(
                "/io/agentdeck/ui/DashboardView.fxml",
                type -> type == DashboardController.class ? new DashboardController(dashboard) : controller(type));
    }

    /** Loads the Settings page around the given ViewModel; call {@link SettingsViewModel#load()} to fill it. */
    public Parent loadSettings(SettingsViewModel settings) {
        return load(
                "/io/agentdeck/ui/SettingsView.fxml",
                type -> type == SettingsController.class ? new SettingsController(settings) : controller(type));
    }

    private Parent load(String resource) {
        return load(resource, this::controller);
    }

    private Parent load(String resource, Callback<Class<?>, Object> controllerFactory) {
        FXMLLoader loader = new FXMLLoader(ViewFactory.class.getResource(resource));
        loader.setControllerFactory(controllerFactory);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the view " + resource, e);
        }
    }

    private Object controller(Class<?> type) {
        Supplier<Object> supplier = controllers.get(type);
        if (supplier == null) {
            throw new IllegalArgumentException("No controller registered for " + type.getName());
        }
        return supplier.get();
    }
}
