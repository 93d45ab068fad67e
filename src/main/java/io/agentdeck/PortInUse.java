package io.agentdeck;

import java.net.BindException;

/** Turns a failed server start into the one-line reason a person at a terminal needs. */
final class PortInUse {
    private PortInUse() {}

    static String explain(Throwable failure, int port) {
        return explain(failure, port, "start with --port <another>");
    }

    /** @param remedy what to do besides stopping the other program, e.g. "choose another port" */
    static String explain(Throwable failure, int port, String remedy) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "port " + port + " is already in use; stop the other program or " + remedy;
            }
        }
        if (failure instanceof IllegalArgumentException) {
            return failure.getMessage();
        }
        String message = failure.getMessage();
        return "could not start: " + (message == null ? failure.getClass().getSimpleName() : message);
    }
}
