package io.agentdeck;

import java.net.BindException;

/** Turns a failed server start into the one-line reason a person at a terminal needs. */
final class PortInUse {
    private PortInUse() {}

    static String explain(Throwable failure, int port) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "port " + port + " is already in use; stop the other program or start with --port <another>";
            }
        }
        if (failure instanceof IllegalArgumentException) {
            return failure.getMessage();
        }
        String message = failure.getMessage();
        return "could not start: " + (message == null ? failure.getClass().getSimpleName() : message);
    }
}
