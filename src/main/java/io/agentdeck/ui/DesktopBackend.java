package io.agentdeck.ui;

import io.agentdeck.config.UiSettings;
import io.agentdeck.engine.Engine;

/**
 * What the desktop shell needs from the running application. The composition root ({@code io.agentdeck.AppContext})
 * sits above the UI layer, so the root package adapts it to this interface and tests can supply their own.
 */
public interface DesktopBackend extends AutoCloseable {
    Engine engine();

    UiSettings uiSettings();

    /** Seeds agents and knowledge; called off the FX thread. */
    void initialize();

    /** Starts the local API and returns its port; called off the FX thread and may fail (e.g. port in use). */
    int startApi();

    /** Stops the API, the engine and the database. */
    @Override
    void close();
}
