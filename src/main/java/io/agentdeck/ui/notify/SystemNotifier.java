package io.agentdeck.ui.notify;

/**
 * Shows a notification from the operating system, for when the window is in the background. Implementations may
 * block (they start a process), so call them off the FX thread.
 */
public interface SystemNotifier {
    /** For systems without a notification command AgentDeck knows: the in-app notice is all there is. */
    SystemNotifier NONE = new SystemNotifier() {
        @Override
        public void notify(String title, String text) {}

        @Override
        public boolean available() {
            return false;
        }
    };

    void notify(String title, String text);

    /** Whether notifications reach the system at all. */
    boolean available();
}
