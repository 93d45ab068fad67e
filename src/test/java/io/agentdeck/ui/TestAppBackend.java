package io.agentdeck.ui;

import io.agentdeck.api.TestApp;
import io.agentdeck.config.UiSettings;
import io.agentdeck.engine.Engine;

/** The test app as the desktop's backend; its API already listens on a free port. */
record TestAppBackend(TestApp app) implements DesktopBackend {
    @Override
    public Engine engine() {
        return app.engine();
    }

    @Override
    public UiSettings uiSettings() {
        return UiSettings.defaults();
    }

    @Override
    public void initialize() {
        app.engine().initialize();
    }

    @Override
    public int startApi() {
        return app.port();
    }

    @Override
    public void close() {
        app.close();
    }
}
