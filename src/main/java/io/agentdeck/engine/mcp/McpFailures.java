package io.agentdeck.engine.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the MCP client throws into one short sentence for people and models: no class names, no stack traces,
 * no configuration values beyond the program or address the person gave.
 */
final class McpFailures {
    private static final int MAX_LENGTH = 300;
    private static final Pattern STATUS = Pattern.compile("status code:? (\\d{3})");

    private McpFailures() {}

    /** Why connecting (starting the program, the MCP handshake, listing tools) failed. */
    static String ofStart(Throwable failure, McpServerConfig config, Duration startTimeout) {
        if (failure instanceof McpConnection.ProgramExited exited) {
            return "The server exited during start-up (exit code " + exited.exitCode() + ").";
        }
        Throwable root = root(failure);
        if (root instanceof TimeoutException || root instanceof HttpTimeoutException) {
            return "The server did not answer within " + startTimeout.toSeconds() + " seconds of starting.";
        }
        if (config.transport() == McpTransportKind.STDIO && root instanceof IOException io) {
            String text = String.valueOf(io.getMessage());
            if (text.contains("Cannot run program") || text.contains("error=") || text.contains("error: 2")) {
                return "Could not run \"" + config.command() + "\": "
                        + (text.contains("No such file") || text.contains("error=2") || text.contains("error: 2")
                                ? "no such program (is it installed and on the PATH?)."
                                : "the system refused to start it.");
            }
        }
        if (root instanceof ConnectException
                || root instanceof HttpConnectTimeoutException
                || root instanceof UnresolvedAddressException
                || root instanceof java.nio.channels.ClosedChannelException) {
            return "Could not connect to " + config.url() + ".";
        }
        if (root instanceof JsonProcessingException) {
            return "The server answered with something that is not MCP (invalid JSON).";
        }
        String message = messageOf(root);
        Matcher status = STATUS.matcher(message);
        if (status.find()) {
            return "The server answered HTTP " + status.group(1) + "."
                    + (status.group(1).equals("401") || status.group(1).equals("403")
                            ? " Check the headers (for example Authorization)."
                            : "");
        }
        if (message.contains("Process has exited") || message.contains("transport failure")) {
            return "The server stopped during start-up.";
        }
        return "The server could not be started: " + message;
    }

    /** The first line of the deepest cause's message, short; a class name only when there is no message. */
    static String messageOf(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        return shortened(message.lines().findFirst().orElse(message).strip());
    }

    static String shortened(String text) {
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
    }

    static Throwable root(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null
                && current.getCause() != current
                && (current instanceof ExecutionException
                        || current.getClass() == RuntimeException.class
                        || current instanceof java.util.concurrent.CompletionException
                        || current instanceof IOException && current.getCause() instanceof IOException)) {
            current = current.getCause();
        }
        return current;
    }
}
