package io.agentdeck.ui.view;

import io.agentdeck.ui.viewmodel.NewAgentViewModel;
import io.agentdeck.ui.viewmodel.SettingsViewModel;
import io.agentdeck.ui.viewmodel.ShellViewModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.util.Callback;

/**
 * Loads the FXML views with a controller factory that hands each controller its ViewModel through the constructor;
 * included views (fx:include) go through the same factory.
 */
public final class ViewFactory {
    private final Map<Class<?>, Supplier<Object>> controllers;

    public ViewFactory(ShellViewModel shell) {
        this.controllers = Map.of(
                ShellController.class, () -> new ShellController(shell, this),
                ChatController.class, () -> new ChatController(shell.chat()));
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
