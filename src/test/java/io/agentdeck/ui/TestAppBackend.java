package io.agentdeck.ui;

import io.agentdeck.ContextBackend;
import io.agentdeck.testing.TestApp;

/** The test app as the desktop's backend, through the same adapter the real app uses; its API already listens. */
final class TestAppBackend {
    private TestAppBackend() {}

    static DesktopBackend of(TestApp app) {
        return new ContextBackend(app.context(), app::close);
    }
}
